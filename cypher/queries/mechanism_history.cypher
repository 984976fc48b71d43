// name: mechanism_history
// purpose: The status history of a mechanism, in order, with the event that triggered each change.
// params: mechanism (mechanism id)
// example: {"mechanism": "usa-chn-dtl"}
// since/until are the EDTF texts (since_text/until_text: the same in words, "second half of 2007"); from/to the earliest days (a status lasts until the next one starts).
MATCH (m:Mechanism {id: $mechanism})-[:HAS_STATUS]->(s:StatusChange)
OPTIONAL MATCH (s)-[:TRIGGERED_BY]->(e:Event)
RETURN s.seq AS seq, s.status AS status, s.from_edtf AS since, s.from_text AS since_text, s.to_edtf AS until,
       s.to_text AS until_text,
       s.from AS from, s.to AS to, e.id AS event, e.name AS event_name, e.kind AS event_kind,
       e.date_edtf AS event_date, e.date_text AS event_date_text, s.sources AS sources
ORDER BY seq

// name: mechanism_sessions
// purpose: The sessions, calls and other events of a mechanism in date order, with outcome, place and attendees.
// params: mechanism (mechanism id)
// example: {"mechanism": "usa-chn-mmca"}
// attendees are "id (role)" strings sorted by id; date is the EDTF text, date_text the same in words.
MATCH (m:Mechanism {id: $mechanism})<-[:OF_MECHANISM]-(e:Event)
OPTIONAL MATCH (e)-[:HELD_IN]->(p:Place)
OPTIONAL MATCH (x)-[at:ATTENDED]->(e) WHERE NOT x:DdgraphStaged
WITH e, p, x, at ORDER BY x.id
WITH e, p, collect(x.id + ' (' + at.role + ')') AS attendees
RETURN e.date_edtf AS date, e.date_text AS date_text, e.id AS event, e.name AS name, e.kind AS kind,
       e.session_number AS session_number, e.outcome AS outcome, p.id AS place, attendees,
       e.sources AS sources
ORDER BY e.date, e.id

// name: officials_met
// purpose: Officials who met: persons attending the same events (for one person, or every pair when person is null).
// params: person (person id, or null for every pair)
// example: {"person": "lloyd-austin"}
// Two officials met when both attended an event that took place: its outcome is not one of
// ddgraph.model.NOT_HELD (a declined or unanswered call, a refused, cancelled or planned meeting is
// no meeting), as in the person graph of `ddgraph report centrality`. events are listed in date
// order; first/last are EDTF texts of the first and last shared event
// (first_text/last_text in words).
MATCH (p:Person)-[:ATTENDED]->(e:Event)<-[:ATTENDED]-(q:Person)
WHERE (($person IS NULL AND p.id < q.id) OR p.id = $person) AND p <> q
  AND NOT coalesce(e.outcome, '') IN ['cancelled', 'declined', 'planned', 'unanswered']
WITH DISTINCT p, q, e ORDER BY e.date, e.id
WITH p, q, collect(e) AS events
RETURN p.id AS official, q.id AS met, q.name AS met_name, size(events) AS times,
       [e IN events | e.id] AS events, events[0].date_edtf AS first,
       events[0].date_text AS first_text, events[-1].date_edtf AS last, events[-1].date_text AS last_text
ORDER BY official, times DESC, met

// name: country_channels
// purpose: Every channel a country takes part in on a date, with its status then and the other participants.
// params: country (country id or ISO3), asOf (date YYYY-MM-DD)
// example: {"country": "sgp", "asOf": "2024-03-31"}
// Same rules as channels_between: participation directly or through the country's organizations,
// status from <= date < to, channels whose history starts after the date left out.
WITH date($asOf) AS d
MATCH (c:Country) WHERE c.id = toLower($country)
MATCH (c)<-[:PART_OF*0..3]-(p)-[r:PARTICIPATES_IN]->(m:Mechanism)
WHERE (r.from IS NULL OR r.from <= d) AND (r.to IS NULL OR r.to >= d)
WITH d, c, m, p ORDER BY p.id
WITH d, c, m, collect(DISTINCT p.id) AS parties
OPTIONAL MATCH (m)-[:HAS_STATUS]->(s:StatusChange)
WHERE s.from <= d AND (s.to IS NULL OR d < s.to)
WITH d, c, m, s, parties
WHERE s IS NOT NULL OR NOT EXISTS { (m)-[:HAS_STATUS]->() }
OPTIONAL MATCH (m)<-[r2:PARTICIPATES_IN]-(o)
WHERE NOT (o = c OR (o)-[:PART_OF*1..3]->(c))
  AND (r2.from IS NULL OR r2.from <= d) AND (r2.to IS NULL OR r2.to >= d)
WITH m, s, parties, o ORDER BY o.id
RETURN m.id AS mechanism, m.name AS name, m.kind AS kind, s.status AS status,
       s.from_edtf AS status_since, s.from_text AS status_since_text, s.status IN ['active', 'resumed'] AS open,
       parties, collect(DISTINCT o.id) AS others, m.sources AS sources
ORDER BY mechanism

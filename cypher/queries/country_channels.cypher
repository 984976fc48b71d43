// name: country_channels
// purpose: Every channel a country takes part in on a date, with its status then and the other participants.
// params: country (country: id, ISO code, or a name with ddgraph query), asOf (date YYYY-MM-DD)
// example: {"country": "sgp", "asOf": "2024-03-31"}
// Same rules as channels_between: participation directly or through the country's organizations
// from the earliest day of its from through the latest day of its to, status from <= date < to,
// channels with no status on the date left out, and a channel counts only while another country
// takes part in it on the date (what `ddgraph channels` and the channel graph count).
WITH date($asOf) AS d
MATCH (c:Country) WHERE c.id = toLower($country)
MATCH (c)<-[:PART_OF*0..3]-(p)-[r:PARTICIPATES_IN]->(m:Mechanism)
WHERE (r.from IS NULL OR r.from <= d) AND (r.to_latest IS NULL OR d <= r.to_latest)
WITH d, c, m, p ORDER BY p.id
WITH d, c, m, collect(DISTINCT p.id) AS parties
MATCH (m)-[:HAS_STATUS]->(s:StatusChange)
WHERE s.from <= d AND (s.to IS NULL OR d < s.to)
  AND EXISTS {
    MATCH (m)<-[r3:PARTICIPATES_IN]-()-[:PART_OF*0..3]->(other:Country)
    WHERE other <> c AND (r3.from IS NULL OR r3.from <= d) AND (r3.to_latest IS NULL OR d <= r3.to_latest)
  }
WITH d, c, m, s, parties
OPTIONAL MATCH (m)<-[r2:PARTICIPATES_IN]-(o)
WHERE NOT o:DdgraphStaged AND NOT (o = c OR (o)-[:PART_OF*1..3]->(c))
  AND (r2.from IS NULL OR r2.from <= d) AND (r2.to_latest IS NULL OR d <= r2.to_latest)
WITH m, s, parties, o ORDER BY o.id
RETURN m.id AS mechanism, m.name AS name, m.kind AS kind, s.status AS status,
       s.from_edtf AS status_since, s.from_text AS status_since_text, s.status IN ['active', 'resumed'] AS open,
       parties, collect(DISTINCT o.id) AS others, m.sources AS sources
ORDER BY mechanism

// name: channels_between
// purpose: Channels in which both countries take part on a date, with the status each channel had on that date.
// params: a (country: id, ISO code, or a name with ddgraph query), b (country, as a), asOf (date YYYY-MM-DD)
// example: {"a": "usa", "b": "chn", "asOf": "2024-03-31"}
// Dates read as `ddgraph channels` reads them (possible reading, ddgraph.timeutil): a country takes
// part directly or through one of its organizations (PART_OF, up to 3 levels) from the earliest day
// of its participation's from through the latest day of its to (to: "2025" includes all of 2025).
// The status on the date is the StatusChange with from <= date < to (to = the earliest day of the
// next change). A channel with no status on the date (its history starts later, or it has none) is
// left out. open: the status is one of ddgraph.model.OPEN_STATUSES.
// status_since is the EDTF text of the status change, status_since_text the same date in words.
WITH date($asOf) AS d
MATCH (a:Country) WHERE a.id = toLower($a)
MATCH (b:Country) WHERE b.id = toLower($b) AND b <> a
MATCH (a)<-[:PART_OF*0..3]-(pa)-[ra:PARTICIPATES_IN]->(m:Mechanism)<-[rb:PARTICIPATES_IN]-(pb)-[:PART_OF*0..3]->(b)
WHERE (ra.from IS NULL OR ra.from <= d) AND (ra.to_latest IS NULL OR d <= ra.to_latest)
  AND (rb.from IS NULL OR rb.from <= d) AND (rb.to_latest IS NULL OR d <= rb.to_latest)
WITH d, m, pa, pb ORDER BY pa.id
WITH d, m, collect(DISTINCT pa.id) AS parties_a, collect(DISTINCT pb) AS pbs
UNWIND pbs AS pb
WITH d, m, parties_a, pb ORDER BY pb.id
WITH d, m, parties_a, collect(pb.id) AS parties_b
MATCH (m)-[:HAS_STATUS]->(s:StatusChange)
WHERE s.from <= d AND (s.to IS NULL OR d < s.to)
RETURN m.id AS mechanism, m.name AS name, m.kind AS kind, m.track AS track, m.level AS level,
       s.status AS status, s.from_edtf AS status_since, s.from_text AS status_since_text, s.status IN ['active', 'resumed'] AS open,
       parties_a, parties_b, m.sources AS sources
ORDER BY mechanism

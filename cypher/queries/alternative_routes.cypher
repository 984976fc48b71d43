// name: alternative_routes
// purpose: Indirect routes between two countries through third parties over channels open on a date, for when their direct channels are down.
// params: a (country id or ISO3), b (country id or ISO3), asOf (date YYYY-MM-DD), maxHops (channels per route, 2 to 4)
// example: {"a": "usa", "b": "chn", "asOf": "2022-09-01", "maxHops": 2}
// A hop is a channel open on the date (status active or resumed, from <= date < to) joined by both
// parties while their participation's from/to include the date; a party is a country or one of its
// organizations (PART_OF). Channels joined by both a and b are the direct channels and never used.
// A route passes each country and each channel at most once; routes are listed shortest first.
WITH date($asOf) AS d
MATCH (a:Country) WHERE a.id = toLower($a)
MATCH (b:Country) WHERE b.id = toLower($b) AND b <> a
CALL (d, a, b) {
  MATCH (m:Mechanism)-[:HAS_STATUS]->(s:StatusChange)
  WHERE s.status IN ['active', 'resumed'] AND s.from <= d AND (s.to IS NULL OR d < s.to)
    AND NOT (EXISTS { (a)<-[:PART_OF*0..3]-()-[:PARTICIPATES_IN]->(m) }
             AND EXISTS { (b)<-[:PART_OF*0..3]-()-[:PARTICIPATES_IN]->(m) })
  RETURN collect(DISTINCT m) AS open
}
MATCH p = (a) (()-[r:PARTICIPATES_IN|PART_OF]-()
               WHERE type(r) = 'PART_OF'
                  OR (endNode(r) IN open AND (r.from IS NULL OR r.from <= d) AND (r.to IS NULL OR r.to >= d))
              ){2,12} (b)
WITH a, b, p, [n IN nodes(p) WHERE n:Mechanism] AS channels, [n IN nodes(p) WHERE n:Country] AS countries
WHERE 2 <= size(channels) <= $maxHops
  AND all(i IN range(0, size(countries) - 2) WHERE NOT countries[i] IN countries[i + 1..])
  AND all(i IN range(0, size(channels) - 2) WHERE NOT channels[i] IN channels[i + 1..])
  AND all(n IN nodes(p)[1..-1] WHERE NOT n IN [a, b])
RETURN DISTINCT size(channels) AS hops, [c IN countries | c.id] AS countries, [m IN channels | m.id] AS channels
ORDER BY hops, countries, channels

// name: alternative_routes
// purpose: Indirect routes between two countries through third parties over channels open on a date, for when their direct channels are down.
// params: a (country: id, ISO code, or a name with ddgraph query), b (country, as a), asOf (date YYYY-MM-DD), maxHops (channels per route, 2 to 4)
// example: {"a": "usa", "b": "chn", "asOf": "2022-09-01", "maxHops": 2}
// A hop is a channel open on the date (status in ddgraph.model.OPEN_STATUSES, from <= date < to)
// joined by both parties on the date (from its from's earliest day through its to's latest day, as
// channels_between reads them); a party is a country or one of its organizations (PART_OF). Channels
// joined by both a and b on the date are the direct channels and never used (`ddgraph paths --fail`).
// A hop joins two member countries of one such channel (what `ddgraph paths` walks: the channel graph
// of countries). A route passes each country and each channel at most once; every choice of channels
// along a route is listed, shortest routes first.
WITH date($asOf) AS d
MATCH (a:Country) WHERE a.id = toLower($a)
MATCH (b:Country) WHERE b.id = toLower($b) AND b <> a
CALL (d, a, b) {
  MATCH (m:Mechanism)-[:HAS_STATUS]->(s:StatusChange)
  WHERE s.status IN ['active', 'resumed'] AND s.from <= d AND (s.to IS NULL OR d < s.to)
  MATCH (m)<-[r:PARTICIPATES_IN]-()-[:PART_OF*0..3]->(c:Country)
  WHERE (r.from IS NULL OR r.from <= d) AND (r.to_latest IS NULL OR d <= r.to_latest)
  WITH m, collect(DISTINCT c.id) AS members
  WHERE size(members) >= 2 AND NOT (a.id IN members AND b.id IN members)
  RETURN collect({channel: m.id, members: members}) AS open
}
WITH a.id AS start, b.id AS goal, open,
     reduce(routes = [{countries: [a.id], channels: []}], hop IN range(1, $maxHops) |
       routes + reduce(longer = [], route IN [r IN routes WHERE size(r.channels) = hop - 1
                                                          AND r.countries[-1] <> b.id] |
         longer + reduce(next = [], x IN [o IN open WHERE route.countries[-1] IN o.members
                                                     AND NOT o.channel IN route.channels] |
           next + [c IN x.members WHERE NOT c IN route.countries
                   | {countries: route.countries + c, channels: route.channels + x.channel}]))) AS routes
UNWIND routes AS route
WITH route WHERE route.countries[-1] = goal AND size(route.channels) >= 2
RETURN DISTINCT size(route.channels) AS hops, route.countries AS countries, route.channels AS channels
ORDER BY hops, countries, channels

// name: source_supports
// purpose: Everything one source supports: the nodes and relationships whose sources list it.
// params: source (source id)
// example: {"source": "fifthestate-2024-11-mmca-qingdao"}
// The Source node itself is not listed. Nodes first, then relationships, each by label and id.
CALL () {
  MATCH (n)
  WHERE $source IN n.sources AND NOT n:Source AND NOT n:DdgraphStaged
  RETURN 'node' AS element,
         [l IN labels(n) WHERE l IN ['Country', 'Place', 'Organization', 'Person', 'Mechanism', 'Event', 'StatusChange']][0] AS label,
         n.id AS id, n.name AS name
  UNION ALL
  MATCH (a)-[r]->(b)
  WHERE $source IN r.sources AND NOT a:DdgraphStaged AND NOT b:DdgraphStaged
  RETURN 'relationship' AS element, type(r) AS label, r.id AS id, a.name + ' -> ' + b.name AS name
}
RETURN element, label, id, name
ORDER BY element, label, id

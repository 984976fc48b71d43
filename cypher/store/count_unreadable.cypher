// name: count_unreadable
// purpose: Nodes and relationships of ddgraph's labels and types that ddgraph cannot read (no id), counted by label and type.
// params: labels (list of node labels), types (list of relationship types)
// example: {"labels": ["Country"], "types": ["ATTENDED"]}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
MATCH (n) WHERE n.id IS NULL AND any(label IN labels(n) WHERE label IN $labels)
RETURN 'node' AS what, [label IN labels(n) WHERE label IN $labels][0] AS name, count(*) AS c
UNION ALL
MATCH (a)-[r]->(b) WHERE type(r) IN $types AND (r.id IS NULL OR a.id IS NULL OR b.id IS NULL)
  AND NOT a:DdgraphStaged AND NOT b:DdgraphStaged
RETURN 'relationship' AS what, type(r) AS name, count(*) AS c

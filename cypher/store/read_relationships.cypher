// name: read_relationships
// purpose: Every relationship of ddgraph's types with its ends' ids and properties, staged nodes left out (a full diff).
// params: types (list of ddgraph relationship types)
// example: {"types": ["ATTENDED"]}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
MATCH (a)-[r]->(b)
WHERE type(r) IN $types AND NOT a:DdgraphStaged AND NOT b:DdgraphStaged
RETURN r.id AS id, type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props

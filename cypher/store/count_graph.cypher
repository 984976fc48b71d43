// name: count_graph
// purpose: How many nodes and relationships of ddgraph's labels and types the database holds, staged nodes left out.
// params: labels (list of node labels), types (list of relationship types)
// example: {"labels": ["Country"], "types": ["ATTENDED"]}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
RETURN COUNT { MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) } AS nodes,
       COUNT {
         MATCH (a)-[r]->(b) WHERE type(r) IN $types AND NOT a:DdgraphStaged AND NOT b:DdgraphStaged
       } AS relationships

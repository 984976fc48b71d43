// name: count_all
// purpose: How many nodes the database holds (a bulk load needs an empty one).
// params: none
// example: {}
// Run by ddgraph.neo4j_store.admin_import for the store's own bookkeeping (not a `ddgraph query`).
MATCH (n) RETURN count(n) AS nodes

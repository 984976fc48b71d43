// name: drop_staging
// purpose: Delete what a killed staged load left (nodes under the staging label), in committed batches.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.write for the store's own bookkeeping (not a `ddgraph query`).
MATCH (n:DdgraphStaged) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS

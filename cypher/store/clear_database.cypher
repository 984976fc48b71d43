// name: clear_database
// purpose: Delete every node and relationship of the database (the schema stays), in committed batches.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.write.clear (tests, benchmarks, `ddgraph load --bulk` before an import; not a `ddgraph query`).
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

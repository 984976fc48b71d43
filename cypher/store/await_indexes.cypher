// name: await_indexes
// purpose: Wait (up to 300 s) until every index is online: after the schema is applied, before a load uses it.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.connect (not a `ddgraph query`).
CALL db.awaitIndexes(300)

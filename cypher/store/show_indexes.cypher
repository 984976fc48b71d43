// name: show_indexes
// purpose: Every index and its state: which of the schema's indexes exist and are online.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.connect (not a `ddgraph query`).
SHOW INDEXES YIELD name, state

// name: show_constraints
// purpose: Every constraint by name: which of the schema's constraints exist.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.connect (not a `ddgraph query`).
SHOW CONSTRAINTS YIELD name

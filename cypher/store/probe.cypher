// name: probe
// purpose: A statement that only answers: is the server up and the database online.
// params: none
// example: {}
// Run by ddgraph.neo4j_store (connect, admin_import): a connection check (not a `ddgraph query`).
RETURN 1

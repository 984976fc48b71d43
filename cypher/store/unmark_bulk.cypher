// name: unmark_bulk
// purpose: A bulk load that did not replace the database takes its own mark away.
// params: token (the bulk load's token)
// example: {"token": "0f3c9a1b2d4e5f60"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'}) WHERE m.bulk_import = $token REMOVE m.bulk_import, m.bulk_since

// name: mark_bulk
// purpose: `load --bulk`, holding the lock on an empty database: commit the bulk mark every later ddgraph writer refuses at.
// params: token (the bulk load's token)
// example: {"token": "0f3c9a1b2d4e5f60"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'}) SET m.bulk_import = $token, m.bulk_since = datetime() RETURN m.bulk_import AS bulk

// name: take_lock
// purpose: Take the load lock: the first statement of every ddgraph write transaction (waits while another writer holds it); returns the bulk mark.
// params: writer (text stored on the bookkeeping node while the lock is held)
// example: {"writer": "ddgraph load"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MERGE (m:DdgraphLoad {id: 'load'}) SET m.writer = $writer RETURN m.bulk_import AS bulk, toString(m.bulk_since) AS since

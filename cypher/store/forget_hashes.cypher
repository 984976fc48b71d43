// name: forget_hashes
// purpose: Take the lock for a write that may change facts (`query --write`): forget the digest and the bucket digests and make the next load read the whole graph back; returns the bulk mark.
// params: writer (text stored on the bookkeeping node while the lock is held)
// example: {"writer": "ddgraph query --write"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MERGE (m:DdgraphLoad {id: 'load'})
SET m.writer = $writer, m.sha256 = null, m.full = true, m.buckets = null,
    m.generation = coalesce(m.generation, 0) + 1
RETURN m.bulk_import AS bulk, toString(m.bulk_since) AS since

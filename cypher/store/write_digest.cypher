// name: write_digest
// purpose: Record the digest of the graph the database now holds (no bucket digests, no files).
// params: sha256 (the graph digest)
// example: {"sha256": "9f2c"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'}) SET m.sha256 = $sha256, m.full = null, m.buckets = null, m.files = null

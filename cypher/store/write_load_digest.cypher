// name: write_load_digest
// purpose: What `ddgraph load` records: the graph digest, the digest of each shard of a bucket (key=digest texts) and the files the graph was made from.
// params: sha256 (the graph digest), buckets (list of key=digest texts), files (list of key=value texts, or null)
// example: {"sha256": "9f2c", "buckets": ["Country=ab12"], "files": null}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'}) SET m.sha256 = $sha256, m.full = null, m.buckets = $buckets, m.files = $files

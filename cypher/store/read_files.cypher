// name: read_files
// purpose: What an unchanged reload reads before it parses anything: the recorded digest, files, full-diff flag and bulk mark.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad) RETURN m.id AS id, m.sha256 AS sha256, m.files AS files, coalesce(m.full, false) AS full, m.bulk_import AS bulk

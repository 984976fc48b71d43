// name: read_generation
// purpose: The bookkeeping node as committed, read without waiting for the load lock: generation, full-diff flag, bulk mark, recorded files.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'}) RETURN m.generation AS generation, coalesce(m.full, false) AS full, m.bulk_import AS bulk, m.files AS files

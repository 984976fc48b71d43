// name: next_generation
// purpose: Once the lock is held: count this write (generation + 1) and return what the load compares (the generation before, the full-diff flag, the bucket digests, the graph digest).
// params: none
// example: {}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'})
WITH m, coalesce(m.generation, 0) AS before
SET m.generation = before + 1
RETURN before, coalesce(m.full, false) AS full, m.buckets AS buckets, m.sha256 AS sha256

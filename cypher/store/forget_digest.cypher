// name: forget_digest
// purpose: Take the lock for a write outside `ddgraph load` (scores): forget the graph digest so that the next load diffs for real; returns the bulk mark.
// params: writer (text stored on the bookkeeping node while the lock is held)
// example: {"writer": "ddgraph report --write-back"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MERGE (m:DdgraphLoad {id: 'load'})
SET m.writer = $writer, m.sha256 = null, m.generation = coalesce(m.generation, 0) + 1
RETURN m.bulk_import AS bulk, toString(m.bulk_since) AS since

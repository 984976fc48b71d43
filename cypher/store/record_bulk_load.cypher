// name: record_bulk_load
// purpose: After `ddgraph load --bulk`: take the lock, count the write, record the graph digest, and count what the import wrote.
// params: writer (text stored on the bookkeeping node while the lock is held), sha256 (the graph digest), labels (list of node labels), types (list of relationship types)
// example: {"writer": "ddgraph load --bulk", "sha256": "9f2c", "labels": ["Country"], "types": ["ATTENDED"]}
// Run by ddgraph.neo4j_store.admin_import for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'})
SET m.writer = $writer
WITH m, m.bulk_import AS bulk, toString(m.bulk_since) AS since, coalesce(m.generation, 0) AS before
SET m.generation = before + 1, m.sha256 = $sha256, m.full = null, m.buckets = null, m.files = null
RETURN bulk, since, before,
       COUNT { MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) } AS nodes,
       COUNT {
         MATCH (a)-[r]->(b) WHERE type(r) IN $types AND NOT a:DdgraphStaged AND NOT b:DdgraphStaged
       } AS relationships

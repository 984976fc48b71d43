// name: drop_old_bookkeeping
// purpose: Delete the bookkeeping node of an older ddgraph (it had no id).
// params: none
// example: {}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad) WHERE m.id IS NULL DELETE m

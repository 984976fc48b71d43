// name: read_digest
// purpose: The graph digest the bookkeeping node records.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad) RETURN m.sha256 AS sha256

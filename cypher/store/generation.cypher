// name: generation
// purpose: The generation of the bookkeeping node (null when no ddgraph write committed).
// params: none
// example: {}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
OPTIONAL MATCH (m:DdgraphLoad {id: 'load'}) RETURN m.generation AS generation

// name: any_staged
// purpose: Whether a staged load left nodes under the staging label.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.write for the store's own bookkeeping (not a `ddgraph query`).
RETURN EXISTS { MATCH (n:DdgraphStaged) } AS staged

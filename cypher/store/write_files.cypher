// name: write_files
// purpose: An unchanged load of other files (a comment edited): record which files make the graph the database holds.
// params: files (list of key=value texts naming the graph digest and counts)
// example: {"files": ["sha256=9f2c"]}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
MATCH (m:DdgraphLoad {id: 'load'}) SET m.files = $files

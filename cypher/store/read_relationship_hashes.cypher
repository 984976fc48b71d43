// name: read_relationship_hashes
// purpose: The (id, type, content hash) of every relationship of the given types, with its ends and properties when it has no hash: what a diff reads back.
// params: types (list of relationship types)
// example: {"types": ["ATTENDED"]}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
MATCH ()-[r]->()
WHERE type(r) IN $types AND r.id IS NOT NULL
RETURN collect([r.id, type(r), r.ddgraph_hash,
                CASE WHEN r.ddgraph_hash IS NULL THEN [startNode(r).id, endNode(r).id, properties(r)] END])
       AS rows

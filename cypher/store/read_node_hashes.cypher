// name: read_node_hashes
// purpose: The (id, labels, content hash) of every node of the given labels, with its properties when it has no hash and its centrality scores: what a diff reads back.
// params: labels (list of node labels)
// example: {"labels": ["Country"]}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels) AND n.id IS NOT NULL
RETURN collect([n.id, labels(n), n.ddgraph_hash,
                CASE WHEN n.ddgraph_hash IS NULL THEN properties(n) END,
                [k IN keys(n) WHERE k STARTS WITH 'centrality_' | [k, n[k]]]]) AS rows

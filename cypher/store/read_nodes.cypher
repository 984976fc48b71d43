// name: read_nodes
// purpose: Every node of ddgraph's labels with its id, labels and properties (a full diff).
// params: labels (list of ddgraph node labels)
// example: {"labels": ["Country", "Mechanism"]}
// Run by ddgraph.neo4j_store.read for the store's own bookkeeping (not a `ddgraph query`).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props

// name: delete_unreadable_nodes
// purpose: Delete the nodes of ddgraph's labels that have no id; returns how many.
// params: labels (list of node labels)
// example: {"labels": ["Country"]}
// Run by ddgraph.neo4j_store.write for the store's own bookkeeping (not a `ddgraph query`).
MATCH (n) WHERE n.id IS NULL AND any(label IN labels(n) WHERE label IN $labels)
DETACH DELETE n RETURN count(*) AS c

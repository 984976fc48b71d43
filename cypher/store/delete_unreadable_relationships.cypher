// name: delete_unreadable_relationships
// purpose: Delete the relationships of ddgraph's types that ddgraph cannot read (no id, or an end without one); returns how many.
// params: types (list of relationship types)
// example: {"types": ["ATTENDED"]}
// Run by ddgraph.neo4j_store.write for the store's own bookkeeping (not a `ddgraph query`).
MATCH (a)-[r]->(b) WHERE type(r) IN $types AND (r.id IS NULL OR a.id IS NULL OR b.id IS NULL)
DELETE r RETURN count(*) AS c

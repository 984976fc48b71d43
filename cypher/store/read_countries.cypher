// name: read_countries
// purpose: Every country node with its properties: how `ddgraph query` resolves a country parameter given by name.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.query for the store's own bookkeeping (not a `ddgraph query`).
MATCH (c:Country) WHERE c.id IS NOT NULL RETURN c.id AS id, properties(c) AS props

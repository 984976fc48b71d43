// name: set_node_properties
// purpose: Store computed scores (e.g. centrality) as properties of existing nodes of one label, so the Browser can style by them.
// params: label (node label: Country or Person), rows (list of {id, props})
// example: {"label": "Country", "rows": [{"id": "usa", "props": {"centrality_betweenness": 0.02}}]}
// Used by `ddgraph report centrality --write-back`. Only existing nodes are touched (MATCH, never
// MERGE); the label is a parameter (Neo4j 5.26 dynamic labels), values are parameters.
UNWIND $rows AS row
MATCH (n:$($label) {id: row.id})
SET n += row.props
RETURN count(n) AS updated

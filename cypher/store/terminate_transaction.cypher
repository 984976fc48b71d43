// name: terminate_transaction
// purpose: Terminate the load's own transaction once it has waited for a lock longer than the timeout.
// params: id (transaction id)
// example: {"id": "neo4j-transaction-42"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
TERMINATE TRANSACTIONS $id

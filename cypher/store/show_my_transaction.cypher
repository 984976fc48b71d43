// name: show_my_transaction
// purpose: The load's own transaction (tagged with its token in the metadata) and its status, for the lock watch.
// params: token (the load's token)
// example: {"token": "0f3c9a1b2d4e5f60"}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
SHOW TRANSACTIONS YIELD transactionId, status, metaData
WHERE metaData.ddgraph_token = $token
RETURN transactionId, status

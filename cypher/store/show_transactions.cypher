// name: show_transactions
// purpose: The transactions a blocked load waits for: who runs them and with what metadata.
// params: ids (list of transaction ids)
// example: {"ids": ["neo4j-transaction-42"]}
// Run by ddgraph.neo4j_store.lock for the store's own bookkeeping (not a `ddgraph query`).
SHOW TRANSACTIONS YIELD transactionId, username, metaData
WHERE transactionId IN $ids
RETURN transactionId, username, metaData

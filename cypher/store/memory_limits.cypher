// name: memory_limits
// purpose: The server's bounds on a transaction's memory and its heap: how big a one-transaction load may be.
// params: none
// example: {}
// Run by ddgraph.neo4j_store.write for the store's own bookkeeping (not a `ddgraph query`).
SHOW SETTINGS YIELD name, value WHERE name IN ['db.memory.transaction.max', 'db.memory.transaction.total.max', 'dbms.memory.transaction.total.max', 'server.memory.heap.max_size'] RETURN name, value

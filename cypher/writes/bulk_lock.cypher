// name: bulk_lock
// purpose: Take the load lock for `ddgraph load --bulk` and count the nodes the database already holds.
// params: writer (text stored on the bookkeeping node while the lock is held)
// example: {"writer": "ddgraph load --bulk"}
// The first statement of the transaction in which `ddgraph load --bulk` takes the load lock: like every
// ddgraph write it MERGEs the bookkeeping node (uniqueness constraint ddgraph_load_id), so it waits here
// while another load runs. When `held` is 0 the same transaction commits the bulk mark (lock.py
// _MARK_BULK), which every later ddgraph writer refuses at. `held` counts every node committed before,
// the bookkeeping node too when it existed (not when this MERGE made it): the import replaces the
// database, so it runs only when held is 0.
MERGE (m:DdgraphLoad {id: 'load'})
ON CREATE SET m.bulk_probe = true
SET m.writer = $writer
WITH m, m.bulk_probe IS NOT NULL AS made
RETURN COUNT { MATCH (n) } - CASE WHEN made THEN 1 ELSE 0 END AS held

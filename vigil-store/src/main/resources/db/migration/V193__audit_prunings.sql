-- flyway:executeInTransaction=false
-- The audit entries that record pruned entries (action audit.prune, docs/store.md "Retention"):
-- the verifier reads them before walking the chain. A partial index, so it holds those few rows
-- only; built without blocking writers, as audit_log is the largest table.
DROP INDEX CONCURRENTLY IF EXISTS audit_log_prunings;
CREATE INDEX CONCURRENTLY audit_log_prunings ON audit_log (seq) WHERE action_name = 'audit.prune';

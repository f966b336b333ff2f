-- Issue 14: decisions about accounts nobody registered skip the database read (JdbcAccountDirectory
-- keeps a filter of registered ids). To see accounts other processes create, every account row
-- records the transaction that created it; a column default, so every writer (old code too) sets
-- it. Rows from before have none and are read by the first, full load. Updates keep the value.
ALTER TABLE accounts ADD COLUMN created_xid xid8;
ALTER TABLE accounts ALTER COLUMN created_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX accounts_created_xid ON accounts (created_xid);

-- Banks may be shared by every tenant or private to one (issue 13). tenant is the owner of a
-- private bank, NULL for a shared one: every bank made before V33 stays shared, as it was.
-- Bank names stay unique across tenants (signals and exchanges name their bank).
ALTER TABLE banks ADD COLUMN tenant VARCHAR(64);

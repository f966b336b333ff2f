-- flyway:executeInTransaction=false
-- Two fewer index entries per decision (docs/store.md, "Bytes per scan"), built first without
-- blocking writers (CONCURRENTLY cannot run in a transaction, hence this migration of its own;
-- V191 swaps them in). A build left invalid by an interrupted start is dropped and done again.
--   decisions_tenant_id_key  (tenant, id), unique: becomes the primary key in V191. Every read
--                            of one decision names its tenant, and the lists by tenant walk it;
--                            the primary key on id alone and the separate (tenant, id) index
--                            held the same ids twice (about 60 bytes a decision).
--   decisions_other_kinds    (tenant, kind, id) for kinds other than content only: a list of
--                            content decisions walks the primary key, as most rows are content
--                            (the same trade as the verdict index in V180; about 80 bytes a scan).
DROP INDEX CONCURRENTLY IF EXISTS decisions_tenant_id_key;
CREATE UNIQUE INDEX CONCURRENTLY decisions_tenant_id_key ON decisions (tenant, id);
DROP INDEX CONCURRENTLY IF EXISTS decisions_other_kinds;
CREATE INDEX CONCURRENTLY decisions_other_kinds ON decisions (tenant, kind, id)
  WHERE kind <> 'content';

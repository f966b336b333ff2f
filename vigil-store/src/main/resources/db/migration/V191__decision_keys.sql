-- The indexes built by V190 take over (a brief lock; nothing is rebuilt here). The primary key
-- becomes (tenant, id): a decision id is still unique (ids are random or derived from the tenant
-- and the request), and every query that finds decisions by id names the tenant too.
ALTER TABLE decisions DROP CONSTRAINT decisions_pkey;
ALTER TABLE decisions ADD CONSTRAINT decisions_pkey PRIMARY KEY USING INDEX decisions_tenant_id_key;
DROP INDEX decisions_tenant_id;
DROP INDEX decisions_tenant_kind;
ALTER INDEX decisions_other_kinds RENAME TO decisions_tenant_kind;

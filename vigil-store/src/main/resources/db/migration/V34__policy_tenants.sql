-- Policies belong to a tenant (issue 13): a tenant's live policy decides only that tenant's scans
-- and decide calls; a tenant without one is decided by the built-in policy. The same text submitted
-- by two tenants is the same version in each, so the key is (tenant, version). Existing versions
-- belong to the default tenant. At most one live version per tenant, kept by the database too.
ALTER TABLE policies ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE policies ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE policies DROP CONSTRAINT policies_pkey;
ALTER TABLE policies ADD CONSTRAINT policies_pkey PRIMARY KEY (tenant, version);
DROP INDEX policies_state;
CREATE INDEX policies_state ON policies (state, tenant);
CREATE UNIQUE INDEX policies_one_live ON policies (tenant) WHERE state = 'live';

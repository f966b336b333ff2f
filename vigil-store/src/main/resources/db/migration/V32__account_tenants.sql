-- Accounts belong to a tenant (issue 13): two platforms sharing one Vigil may both have an account
-- "u-1", and a platform key reads and writes only its own tenant's. Existing rows belong to the
-- default tenant. The column has no default afterwards: every write must name its tenant.
ALTER TABLE accounts ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE account_connections ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE minors_review_actions ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE accounts ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE account_connections ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE minors_review_actions ALTER COLUMN tenant DROP DEFAULT;

ALTER TABLE account_connections DROP CONSTRAINT account_connections_account_id_fkey;
ALTER TABLE account_connections DROP CONSTRAINT account_connections_pkey;
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (tenant, id);
-- Also serves the connection check in both directions: (tenant, a, b) and (tenant, b, a).
ALTER TABLE account_connections
  ADD CONSTRAINT account_connections_pkey PRIMARY KEY (tenant, account_id, connected_id);
ALTER TABLE account_connections
  ADD CONSTRAINT account_connections_account_fkey FOREIGN KEY (tenant, account_id)
  REFERENCES accounts (tenant, id) ON DELETE CASCADE;

-- A review records an action once per tenant, account, service, action and rule-set version.
ALTER TABLE minors_review_actions DROP CONSTRAINT minors_review_actions_once;
ALTER TABLE minors_review_actions
  ADD CONSTRAINT minors_review_actions_once
  UNIQUE (tenant, account_id, service, action_name, policy_version);
CREATE INDEX minors_review_actions_tenant ON minors_review_actions (tenant, id);

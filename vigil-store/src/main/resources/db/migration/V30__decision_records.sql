-- One decision record for scans and decide calls (docs/policy.md). The whole record stays as JSON
-- in body; the columns below exist only to find decisions: by tenant, kind, subject, verdict and
-- time. Ids sort by creation time (dec_<12 hex ms><20 hex random>), so pages are walked by id.
-- Portable to H2 (MODE=PostgreSQL) and PostgreSQL: one ALTER per column.
ALTER TABLE decisions ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE decisions ADD COLUMN kind VARCHAR(16) DEFAULT 'content' NOT NULL;
ALTER TABLE decisions ADD COLUMN subject VARCHAR(256);
ALTER TABLE decisions ADD COLUMN policy_version VARCHAR(80);
ALTER TABLE decisions ALTER COLUMN verdict SET DATA TYPE VARCHAR(32);
CREATE INDEX decisions_tenant_id ON decisions (tenant, id);
CREATE INDEX decisions_tenant_subject ON decisions (tenant, subject, id);
CREATE INDEX decisions_tenant_kind ON decisions (tenant, kind, id);
CREATE INDEX decisions_tenant_verdict ON decisions (tenant, verdict, id);
CREATE INDEX decisions_tenant_created ON decisions (tenant, created_at);

-- What each shadow policy would have done with a decision, next to what the live one did. Never
-- acted on; read by GET /v1/policies/{version}/report.
CREATE TABLE decision_shadows (
  decision_id    VARCHAR(40) NOT NULL,
  policy_version VARCHAR(80) NOT NULL,
  tenant         VARCHAR(64) NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  live_verdict   VARCHAR(32) NOT NULL,
  shadow_verdict VARCHAR(32) NOT NULL,
  PRIMARY KEY (policy_version, decision_id)
);

-- Every key acts for a tenant; one default tenant unless configured.
ALTER TABLE api_keys ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;

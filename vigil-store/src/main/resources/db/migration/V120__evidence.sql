-- The evidence vault's metadata (docs/evidence.md). The ciphertexts live outside the database (a
-- directory under the data dir, or an object store); the master key never enters it. A row holds
-- the item's data key wrapped by the master key; deleting evidence clears that key too
-- (crypto-shredding), so a copy of the database alone never recovers destroyed evidence.
CREATE TABLE evidence_items (
  id             VARCHAR(40)   PRIMARY KEY,
  tenant         VARCHAR(64)   NOT NULL,
  source         VARCHAR(64)   NOT NULL,
  content_id     VARCHAR(256),
  media_type     VARCHAR(128)  NOT NULL,
  size_bytes     BIGINT        NOT NULL,
  sha256         CHAR(64)      NOT NULL,
  jurisdiction   VARCHAR(16),
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  retain_until   TIMESTAMP WITH TIME ZONE NOT NULL,
  hold_reason    VARCHAR(500),
  deleted_at     TIMESTAMP WITH TIME ZONE,
  wrapped_key    BYTEA,
  -- A retried preservation of the same bytes for the same decision or case finds this row.
  CONSTRAINT evidence_once UNIQUE (tenant, source, sha256)
);

CREATE INDEX evidence_by_source ON evidence_items (tenant, source);
CREATE INDEX evidence_by_retention ON evidence_items (retain_until);

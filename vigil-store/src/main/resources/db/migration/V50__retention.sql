-- Retention of decision records (docs/store.md, "Retention"): a legal hold on a subject keeps its
-- decisions past their retention period until the hold is lifted.
CREATE TABLE legal_holds (
  tenant     VARCHAR(64)  NOT NULL,
  subject    VARCHAR(256) NOT NULL,
  reason     VARCHAR(500) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  PRIMARY KEY (tenant, subject)
);

-- The pruning query walks no-match decisions by age.
CREATE INDEX decisions_verdict_created ON decisions (verdict, created_at);

-- Reports to authorities (docs/ncmec.md): one filing per case, its protocol state as JSON so that a
-- restart resumes exactly where the last recorded step ended.
CREATE TABLE report_filings (
  id          VARCHAR(40)  PRIMARY KEY,
  tenant      VARCHAR(64)  NOT NULL,
  case_id     VARCHAR(64)  NOT NULL,
  state       VARCHAR(32)  NOT NULL,
  report_id   BIGINT,
  body        TEXT         NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT one_filing_per_case UNIQUE (tenant, case_id)
);

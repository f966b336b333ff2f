-- Notice and action (docs/review.md): notices join cases, moderators decide them, decisions may be
-- appealed, restrictions produce statements of reasons. Portable to H2 (MODE=PostgreSQL) and
-- PostgreSQL.

-- One row per case. open_key is "<tenant length>:<tenant>:<content id>" while the case is undecided
-- and NULL afterwards: its UNIQUE constraint (NULLs never collide) makes two notices arriving
-- together on the same content join one case instead of opening two.
CREATE TABLE review_cases (
  id                 VARCHAR(40)   PRIMARY KEY,
  tenant             VARCHAR(64)   NOT NULL,
  content_id         VARCHAR(256)  NOT NULL,
  account_id         VARCHAR(256),
  content_url        VARCHAR(2048),
  content_type       VARCHAR(32),
  category           VARCHAR(40)   NOT NULL,
  queue              VARCHAR(64)   NOT NULL,
  priority           VARCHAR(16)   NOT NULL,
  priority_rank      INTEGER       NOT NULL,
  deadline           TIMESTAMP WITH TIME ZONE NOT NULL,
  state              VARCHAR(16)   NOT NULL,
  open_key           VARCHAR(400)  UNIQUE,
  claimed_by         VARCHAR(200),
  claim_expires_at   TIMESTAMP WITH TIME ZONE,
  notice_count       INTEGER       NOT NULL,
  reporter_count     INTEGER       NOT NULL,
  trusted_flagger    BOOLEAN       NOT NULL,
  minor_involved     BOOLEAN       NOT NULL,
  source             VARCHAR(16)   NOT NULL,
  policy_decision_id VARCHAR(64),
  escalated          BOOLEAN       NOT NULL,
  appeal_pending     BOOLEAN       NOT NULL,
  version            INTEGER       NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX review_cases_queue ON review_cases (tenant, state, priority_rank, deadline);
CREATE INDEX review_cases_account ON review_cases (tenant, account_id);
CREATE INDEX review_cases_due ON review_cases (escalated, deadline);

-- Notices as received. reporter_ref is a keyed pseudonym of the reporter's id (never the id);
-- reporter_contact serves only to tell the reporter the outcome and never leaves in a statement.
CREATE TABLE review_notices (
  id               VARCHAR(40)   PRIMARY KEY,
  tenant           VARCHAR(64)   NOT NULL,
  case_id          VARCHAR(40)   NOT NULL REFERENCES review_cases (id),
  content_id       VARCHAR(256)  NOT NULL,
  account_id       VARCHAR(256),
  content_url      VARCHAR(2048),
  content_type     VARCHAR(32),
  category         VARCHAR(40)   NOT NULL,
  explanation      TEXT          NOT NULL,
  reporter_kind    VARCHAR(16)   NOT NULL,
  reporter_ref     CHAR(64),
  reporter_contact VARCHAR(320),
  content_language VARCHAR(8),
  received_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX review_notices_case ON review_notices (case_id);

-- Moderators' decisions. A bulk decision on one account records the same decision_id on every
-- case it covered, hence the composite key.
CREATE TABLE review_decisions (
  case_id      VARCHAR(40)   NOT NULL REFERENCES review_cases (id),
  decision_id  VARCHAR(64)   NOT NULL,
  tenant       VARCHAR(64)   NOT NULL,
  action_name  VARCHAR(32)   NOT NULL,
  ground       VARCHAR(16),
  legal_ground VARCHAR(500),
  explanation  TEXT          NOT NULL,
  reply        TEXT,
  decided_by   VARCHAR(200)  NOT NULL,
  decided_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  on_appeal    BOOLEAN       NOT NULL,
  puid         VARCHAR(100),
  PRIMARY KEY (case_id, decision_id)
);
CREATE INDEX review_decisions_tenant ON review_decisions (tenant, decided_at);

CREATE TABLE review_appeals (
  id          VARCHAR(40)   PRIMARY KEY,
  tenant      VARCHAR(64)   NOT NULL,
  case_id     VARCHAR(40)   NOT NULL REFERENCES review_cases (id),
  decision_id VARCHAR(64)   NOT NULL,
  reason      TEXT          NOT NULL,
  filed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at  TIMESTAMP WITH TIME ZONE,
  decided_by  VARCHAR(200),
  outcome     VARCHAR(16)
);
CREATE INDEX review_appeals_case ON review_appeals (case_id);

-- Statements of reasons, immutable once written, with their Transparency Database filing state.
CREATE TABLE review_statements (
  puid               VARCHAR(100)  PRIMARY KEY,
  tenant             VARCHAR(64)   NOT NULL,
  case_id            VARCHAR(40)   NOT NULL,
  decision_id        VARCHAR(64)   NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  plain_json         TEXT          NOT NULL,
  transparency_json  TEXT          NOT NULL,
  filed_at           TIMESTAMP WITH TIME ZONE,
  filing_error       TEXT
);

-- The ncii bank ledger (docs/review.md, "ncii removals feed a bank"): which bank signals a
-- moderator's ncii removal put (or found) in VIGIL_NCII_BANK, and which of those decisions an
-- appeal reversed. The outbox consumer writes both, idempotently: a signal stays in the bank while
-- any unreversed decision holds it.
CREATE TABLE review_ncii_signals (
  decision_id VARCHAR(64)  NOT NULL,
  bank        VARCHAR(64)  NOT NULL,
  signal_id   BIGINT       NOT NULL,
  tenant      VARCHAR(64)  NOT NULL,
  case_id     VARCHAR(40)  NOT NULL,
  signal_type VARCHAR(8)   NOT NULL,
  added_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (decision_id, bank, signal_id)
);
CREATE INDEX review_ncii_signals_signal ON review_ncii_signals (bank, signal_id);

-- A decision's reversal is written before its signals are taken out, and an addition arriving
-- after it (a retried delivery overtaken by the reversal) adds nothing.
CREATE TABLE review_ncii_reversals (
  decision_id VARCHAR(64)  PRIMARY KEY,
  tenant      VARCHAR(64)  NOT NULL,
  reversed_by VARCHAR(64)  NOT NULL,
  reversed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

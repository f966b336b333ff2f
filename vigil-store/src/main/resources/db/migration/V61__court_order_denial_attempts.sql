-- A refusal is counted once per identifier, order, UTC day, category and action (security
-- review, issue 15 #8: 200 identical probes counted as 200 refusals in the court's report).
-- attempt_key is the HMAC pseudonym of the identifier that matched, never the identifier.
-- Rows written before this column existed keep NULL and stay counted one by one.
ALTER TABLE court_order_denials ADD COLUMN attempt_key CHAR(64);
CREATE UNIQUE INDEX court_order_denials_attempt
  ON court_order_denials (order_id, denied_on, category, decide_action, attempt_key);

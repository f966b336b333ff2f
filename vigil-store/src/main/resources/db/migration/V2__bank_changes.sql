-- A log of bank changes, so that every server sharing the database applies them to its in-memory
-- indexes. Sequence numbers are assigned under a lock on bank_change_head, so they are committed
-- in order: a reader that sees change n has already been able to see every change before it.
CREATE TABLE bank_changes (
  seq         BIGINT      PRIMARY KEY,
  bank_name   VARCHAR(64) NOT NULL,
  change_kind VARCHAR(16) NOT NULL,
  signal_id   BIGINT,
  signal_type VARCHAR(8),
  changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE bank_change_head (
  id  INTEGER PRIMARY KEY,
  seq BIGINT  NOT NULL
);
INSERT INTO bank_change_head (id, seq) VALUES (1, 0);

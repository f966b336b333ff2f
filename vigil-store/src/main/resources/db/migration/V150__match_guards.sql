-- The feedback loop's guards (issue 19): the flood guard's hourly match counts per bank signal and
-- the holds it placed. Negative banks need no table of their own: a hash is benign when the
-- opinion that decides it (signal_opinions, V140) says false_positive.

-- Matches per signal per clock hour (hour_start), summed over every server (each adds its own).
CREATE TABLE signal_match_counts (
  bank_name  VARCHAR(64) NOT NULL,
  signal_id  BIGINT      NOT NULL,
  hour_start TIMESTAMP WITH TIME ZONE NOT NULL,
  matches    BIGINT      NOT NULL,
  PRIMARY KEY (bank_name, signal_id, hour_start)
);
CREATE INDEX signal_match_counts_hour ON signal_match_counts (hour_start);

-- One row per signal ever held; released_at set when an administrator lets it act again (a later
-- flood holds it again, overwriting the row).
CREATE TABLE signal_holds (
  bank_name         VARCHAR(64)  NOT NULL,
  signal_id         BIGINT       NOT NULL,
  held_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  matches           BIGINT       NOT NULL,
  baseline_per_hour DOUBLE PRECISION NOT NULL,
  match_limit       BIGINT       NOT NULL,
  tenant            VARCHAR(64)  NOT NULL,
  released_at       TIMESTAMP WITH TIME ZONE,
  released_by       VARCHAR(200),
  PRIMARY KEY (bank_name, signal_id)
);

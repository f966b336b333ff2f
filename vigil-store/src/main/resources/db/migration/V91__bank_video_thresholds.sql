-- Per-bank video thresholds (docs/video.md). The defaults are the values every bank used before
-- they were settable: a vPDQ frame matches at PDQ distance <= 31; a stored video matches when 80 %
-- of its frames were found (target) and any share of the query matched (query 0 %); TMK matches at
-- level 1 and level 2 >= 0.7 (the reference's tmk_default_thresholds.h).
ALTER TABLE banks ADD COLUMN vpdq_frame_distance INTEGER NOT NULL DEFAULT 31;
ALTER TABLE banks ADD COLUMN vpdq_query_percent DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE banks ADD COLUMN vpdq_target_percent DOUBLE PRECISION NOT NULL DEFAULT 80;
ALTER TABLE banks ADD COLUMN tmk_level1 DOUBLE PRECISION NOT NULL DEFAULT 0.7;
ALTER TABLE banks ADD COLUMN tmk_level2 DOUBLE PRECISION NOT NULL DEFAULT 0.7;
ALTER TABLE banks ADD CONSTRAINT banks_video_thresholds CHECK (
  vpdq_frame_distance BETWEEN 0 AND 256
  AND vpdq_query_percent BETWEEN 0 AND 100
  AND vpdq_target_percent BETWEEN 0 AND 100
  AND tmk_level1 BETWEEN 0 AND 1
  AND tmk_level2 BETWEEN 0 AND 1);

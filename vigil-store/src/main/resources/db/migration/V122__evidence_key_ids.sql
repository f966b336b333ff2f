-- Which master key wraps each item's data key (docs/evidence.md, "Rotating the master key"): an id
-- derived from the key (a fingerprint, never the key itself). A rotation re-wraps row by row and
-- skips rows already under the new key; a server holding both keys reads either. Rows written
-- before this column have no id: every key held is tried on them.
ALTER TABLE evidence_items ADD COLUMN key_id VARCHAR(40);

-- Review actions leave through the outbox (V40) since it exists: event_id is the outbox message id
-- of each action (rva_...), which links an action to its webhook delivery. Rows written before
-- V41 get it when the application opens the database (JdbcReviewActionOutbox.moveToOutbox), which
-- also enqueues the ones the first webhook worker had not delivered yet. The V11 columns keep the
-- delivery history of the rows delivered before.
ALTER TABLE minors_review_actions ADD COLUMN event_id VARCHAR(64);
CREATE INDEX minors_review_actions_event ON minors_review_actions (event_id);

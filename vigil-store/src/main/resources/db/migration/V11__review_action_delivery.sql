-- Webhook delivery state of the review-action outbox (docs/minors.md, "Webhooks"). The worker
-- delivers the oldest undelivered row first and never skips one, so these columns alone give
-- ordered, restart-safe, at-least-once delivery. The backoff is derived from delivery_attempts and
-- last_attempt_at, so no schedule needs storing. One ALTER per column: portable to H2 and PostgreSQL.
ALTER TABLE minors_review_actions ADD COLUMN delivery_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE minors_review_actions ADD COLUMN last_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE minors_review_actions ADD COLUMN last_error VARCHAR(500);
ALTER TABLE minors_review_actions ADD COLUMN delivered_at TIMESTAMP WITH TIME ZONE;

-- Accounts may belong to a subdivision with its own law (ISO 3166-2, e.g. US-FL for Florida's
-- HB 3), not only to a country: widen the two country columns from 2 to 6 characters.
-- SET DATA TYPE is understood by both PostgreSQL and H2 (MODE=PostgreSQL).
ALTER TABLE accounts ALTER COLUMN country SET DATA TYPE VARCHAR(6);
ALTER TABLE minors_review_actions ALTER COLUMN country SET DATA TYPE VARCHAR(6);

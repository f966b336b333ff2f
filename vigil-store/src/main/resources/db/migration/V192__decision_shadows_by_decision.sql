-- flyway:executeInTransaction=false
-- Shadow outcomes by their decision (tenant, decision_id): retention deletes a decision's shadow
-- outcomes with it, 5,000 decisions per transaction, and the primary key (policy_version,
-- decision_id) cannot find them by decision, so each batch read the whole table; with a shadow
-- policy running on every scan that is a table as large as the decisions themselves. The index
-- costs one entry per shadow outcome, written only while a shadow policy runs. Built without
-- blocking writers (CONCURRENTLY cannot run in a transaction); a build left invalid by an
-- interrupted start is dropped and done again.
DROP INDEX CONCURRENTLY IF EXISTS decision_shadows_decision;
CREATE INDEX CONCURRENTLY decision_shadows_decision ON decision_shadows (tenant, decision_id);

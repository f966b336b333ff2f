-- Fewer index bytes per decision (docs/store.md, "Bytes per scan"). Every decision row was entered
-- in eight indexes, about 430 of the ~1,010 bytes a no-match scan kept. What the queries need:
--   find by id                          primary key
--   list by tenant (ORDER BY id)        decisions_tenant_id
--   ... and subject                     decisions_tenant_subject, only rows that have a subject
--   ... and kind                        decisions_tenant_kind
--   ... and a verdict other than allow  decisions_tenant_verdict, only such rows; a list of allow
--                                       decisions walks decisions_tenant_id (most rows are allow)
--   backtests: tenant and time range    decisions_tenant_created
--   retention of no-match decisions     decisions_allow_created, only allow rows
--   retention of court-order refusals   decisions_refusals_created, only refused account actions
-- decisions_created_at (time alone) served no query. The queries name the verdict as a literal
-- (a Verdict's wire name), so the planner can prove a partial index's condition.
DROP INDEX decisions_created_at;
DROP INDEX decisions_tenant_verdict;
CREATE INDEX decisions_tenant_verdict ON decisions (tenant, verdict, id) WHERE verdict <> 'allow';
DROP INDEX decisions_tenant_subject;
CREATE INDEX decisions_tenant_subject ON decisions (tenant, subject, id) WHERE subject IS NOT NULL;
DROP INDEX decisions_verdict_created;
CREATE INDEX decisions_allow_created ON decisions (created_at) WHERE verdict = 'allow';
CREATE INDEX decisions_refusals_created ON decisions (created_at)
  WHERE kind = 'account_action' AND verdict <> 'allow';

-- Who reported each subscriber-address change (security review, issue 15 #2): the key of the
-- RADIUS bridge, or "system" for a release at an order's end. A reassignment releases a
-- restricted line, so the court's compliance report names the key that caused it.
-- Rows written before this column existed keep NULL (unknown).
ALTER TABLE subscriber_address_changes ADD COLUMN changed_by VARCHAR(200);

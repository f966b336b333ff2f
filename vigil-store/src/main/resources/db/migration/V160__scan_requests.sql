-- Asynchronous scans (docs/kafka.md): one row per (tenant, request id), written by the API node
-- that accepted the request (pending) or, for a platform publishing straight to Kafka, by the worker
-- that decided it. decision_id is derived from the request, so it is known before the decision
-- exists; the decisions table refuses a second decision with the same id, which is what makes a
-- request decided at most once. The row answers GET /v1/scan/requests/{id}.
CREATE TABLE scan_requests (
  tenant       VARCHAR(64)  NOT NULL,
  request_id   VARCHAR(100) NOT NULL,
  decision_id  VARCHAR(40)  NOT NULL,
  content_id   VARCHAR(256),
  status       VARCHAR(16)  NOT NULL,
  reason       VARCHAR(1000),
  submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, request_id)
);

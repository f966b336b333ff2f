-- Decision policies (docs/policy.md). A version is the SHA-256 of the policy text, so the same text
-- is the same version everywhere. state: draft, shadow, live or retired; exactly one live version
-- at a time (enforced by the activation transaction; the built-in policy is live when none is).
CREATE TABLE policies (
  version      VARCHAR(80)  PRIMARY KEY,
  name         VARCHAR(200) NOT NULL,
  state        VARCHAR(16)  NOT NULL,
  source       TEXT         NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by   VARCHAR(200) NOT NULL,
  activated_at TIMESTAMP WITH TIME ZONE,
  shadow_since TIMESTAMP WITH TIME ZONE
);
CREATE INDEX policies_state ON policies (state);

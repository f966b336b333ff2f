-- The moderator console (docs/review.md): people, their sessions, and their daily exposure to
-- media. Passwords are Argon2id PHC strings; sessions are kept by the SHA-256 of their cookie.
CREATE TABLE console_users (
  name          VARCHAR(64)  PRIMARY KEY,
  tenant        VARCHAR(64)  NOT NULL,
  user_role     VARCHAR(16)  NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  must_change   BOOLEAN      NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  disabled_at   TIMESTAMP WITH TIME ZONE
);

CREATE TABLE console_sessions (
  token_hash CHAR(64)    PRIMARY KEY,
  user_name  VARCHAR(64) NOT NULL REFERENCES console_users (name),
  csrf_token VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);

CREATE TABLE console_exposure (
  user_name    VARCHAR(200) NOT NULL,
  exposure_day DATE         NOT NULL,
  reveals      INTEGER      NOT NULL,
  seconds      INTEGER      NOT NULL,
  PRIMARY KEY (user_name, exposure_day)
);

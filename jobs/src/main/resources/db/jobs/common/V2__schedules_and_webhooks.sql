-- Times are epoch milliseconds (BIGINT) so that H2 and PostgreSQL read them the same way.

CREATE TABLE recording_schedule (
  id                VARCHAR(64)  NOT NULL PRIMARY KEY,
  application_id    VARCHAR(200) NOT NULL,
  conversation_id   VARCHAR(200) NOT NULL,
  start_at          BIGINT,
  cron              VARCHAR(120),
  time_zone         VARCHAR(80),
  stop_at           BIGINT,
  duration_ms       BIGINT,
  misfire_window_ms BIGINT       NOT NULL,
  join_grace_ms     BIGINT       NOT NULL,
  status            VARCHAR(16)  NOT NULL,
  created_at        BIGINT       NOT NULL,
  updated_at        BIGINT       NOT NULL
);

CREATE TABLE schedule_occurrence (
  schedule_id   VARCHAR(64)  NOT NULL,
  planned_start BIGINT       NOT NULL,
  recording_id  VARCHAR(64)  NOT NULL,
  state         VARCHAR(16)  NOT NULL,
  detail        VARCHAR(500),
  updated_at    BIGINT       NOT NULL,
  PRIMARY KEY (schedule_id, planned_start)
);

-- Prefixed: the storage module owns application-facing tables of similar names.
CREATE TABLE jobs_webhook_subscription (
  id             VARCHAR(64)   NOT NULL PRIMARY KEY,
  application_id VARCHAR(200)  NOT NULL,
  url            VARCHAR(2000) NOT NULL,
  event_types    VARCHAR(1000) NOT NULL,
  secret         VARCHAR(200)  NOT NULL,
  created_at     BIGINT        NOT NULL
);
CREATE INDEX jobs_webhook_subscription_app ON jobs_webhook_subscription (application_id);

CREATE TABLE webhook_delivery (
  id               VARCHAR(64)   NOT NULL PRIMARY KEY,
  event_id         VARCHAR(64)   NOT NULL,
  subscription_id  VARCHAR(64)   NOT NULL,
  application_id   VARCHAR(200)  NOT NULL,
  event_type       VARCHAR(64)   NOT NULL,
  payload          VARCHAR       NOT NULL,
  attempts         INTEGER       NOT NULL,
  next_attempt_at  BIGINT        NOT NULL,
  status           VARCHAR(16)   NOT NULL,
  last_status_code INTEGER,
  last_error       VARCHAR(1000),
  created_at       BIGINT        NOT NULL,
  updated_at       BIGINT        NOT NULL
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (status, next_attempt_at);

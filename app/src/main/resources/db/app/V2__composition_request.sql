-- Compositions asked for over REST (POST /recordings/{id}/compositions): what was asked, so the
-- API can answer "queued" before the batch job writes its index row, and find the job again.
CREATE TABLE app_composition_request (
  composition_id VARCHAR(64) PRIMARY KEY,
  recording_id VARCHAR(64) NOT NULL,
  application VARCHAR(64) NOT NULL,
  layout VARCHAR(32) NOT NULL,
  format VARCHAR(32) NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  fps INTEGER NOT NULL,
  participant_id VARCHAR(64),
  template VARCHAR(2000),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX app_composition_request_rec ON app_composition_request (recording_id, created_at);

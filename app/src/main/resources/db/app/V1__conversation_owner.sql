-- Which application (API key owner) a conversation belongs to. Kept by the app module; the
-- storage module's index schema knows no applications.
CREATE TABLE app_conversation_owner (
  conversation_id VARCHAR(64) PRIMARY KEY,
  application VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX app_conversation_owner_app ON app_conversation_owner (application, created_at);

-- Which node captures a recording (its jobs heartbeat node id, tapline_node_heartbeat): after a
-- crash the recording is closed as interrupted by that node, or by any node once the owner's
-- heartbeat has expired, never while the owner is alive.
CREATE TABLE app_recording_node (
  recording_id VARCHAR(64) PRIMARY KEY REFERENCES recording (id) ON DELETE CASCADE,
  node_id VARCHAR(128) NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL
);

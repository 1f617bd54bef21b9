-- HLS asked for over REST: a composition (the columns above, in MP4) packaged as HLS. hls_format is
-- hls_fmp4 or hls_ts (null for a plain composition); hls_launched_at is when the packaging job was
-- launched after its source composition was stored (null while the chain still waits on it).
ALTER TABLE app_composition_request ADD COLUMN hls_format VARCHAR(16);
ALTER TABLE app_composition_request ADD COLUMN segment_seconds INTEGER;
ALTER TABLE app_composition_request ADD COLUMN hls_launched_at TIMESTAMP WITH TIME ZONE;

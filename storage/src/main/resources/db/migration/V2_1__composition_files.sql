-- The further files of a composition made of several objects (HLS segments and init segment,
-- thumbnail tiles), under the composition's own prefix (KeyLayout.compositionFile). The
-- composition row keeps the main object (the playlist, the sprite); each other file has a row
-- here, so fsck counts them as indexed and a re-run upserts instead of duplicating.
CREATE TABLE composition_file (
  composition_id VARCHAR(64)   NOT NULL REFERENCES composition (id) ON DELETE CASCADE,
  name           VARCHAR(80)   NOT NULL,
  object_key     VARCHAR(1024) NOT NULL,
  size_bytes     BIGINT        NOT NULL,
  stored_size    BIGINT        NOT NULL,
  sha256         CHAR(64)      NOT NULL,
  key_id         VARCHAR(64),
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (composition_id, name)
);

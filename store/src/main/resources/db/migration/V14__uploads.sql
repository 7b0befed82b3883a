-- Resumable uploads (tus 1.0): one row per upload, its bytes in $DATA_DIR/uploads/<id> until it completes, fails,
-- expires or is terminated. received_bytes is what reached the disk and was flushed (the tus Upload-Offset; "offset"
-- is a reserved word in PostgreSQL). A user or space deleted takes its uploads' rows with it; the start-up
-- reconciliation then deletes their files.
CREATE TABLE uploads (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    space_id       TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    target_path    TEXT NOT NULL,
    kind           TEXT NOT NULL,
    conflict       TEXT,
    mode           INTEGER,
    length         BIGINT NOT NULL,
    received_bytes BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    state          TEXT NOT NULL,
    error          TEXT,
    result         TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE INDEX uploads_user ON uploads (user_id);
CREATE INDEX uploads_state ON uploads (state, updated_at);

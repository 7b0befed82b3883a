-- A sandbox is a space with a life span, labels and environment variables (one model, two views): its row goes with
-- its space. ends_at is indexed because the reaper asks "whose time is up?" every second.
CREATE TABLE sandboxes (
    space_id    TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    ends_at     BIGINT NOT NULL,
    on_timeout  TEXT NOT NULL,
    auto_resume INTEGER NOT NULL,
    metadata    TEXT NOT NULL,
    environment TEXT NOT NULL,
    secure      INTEGER NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX sandboxes_ends_at ON sandboxes (ends_at);

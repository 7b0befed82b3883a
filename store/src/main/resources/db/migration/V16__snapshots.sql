-- Snapshots: a sandbox's files (an engine image) and copies of its volumes, owned by a user. A row is written
-- CREATING before the copies are made and READY after, so a crash leaves only CREATING rows, which the start-up
-- pass removes with whatever copies they had. Hidden ones (a fork's own, or one deleted while sandboxes made from it
-- remain) keep their copies until the last such sandbox is gone; they do not hold their name (partial unique index,
-- the same on SQLite and PostgreSQL). The source sandbox and the template are not foreign keys: the snapshot
-- outlives its source, and a deleted template makes it refuse new sandboxes with a sentence instead of vanishing.
CREATE TABLE snapshots (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    owner_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_space_id TEXT NOT NULL,
    template_id     TEXT NOT NULL,
    state           TEXT NOT NULL,
    hidden          INTEGER NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX snapshots_owner_name_unique ON snapshots (owner_id, name) WHERE hidden = 0;
CREATE INDEX snapshots_state ON snapshots (state);

-- The snapshot a sandbox was made from (its file system at every start, its volumes at the first): the snapshot
-- stays while any sandbox names it.
ALTER TABLE sandboxes ADD COLUMN snapshot_id TEXT;
CREATE INDEX sandboxes_snapshot ON sandboxes (snapshot_id);

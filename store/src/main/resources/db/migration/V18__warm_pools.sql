-- Warm pools: per template, how many started spaces wait for a claim (per owner who uses the template), at most how
-- many exist at once, and how long one may wait. Members are containers started ahead under an id the claiming
-- space takes over; space_identities holds what a claimed space's processes get that its container was not started
-- with (its name, its token, …), sealed like other secrets, for as long as that container (container_id) runs.
CREATE TABLE template_pools (
    template_id  TEXT PRIMARY KEY REFERENCES templates (id) ON DELETE CASCADE,
    size         INTEGER NOT NULL,
    max_size     INTEGER NOT NULL,
    idle_seconds BIGINT NOT NULL
);
CREATE TABLE pool_members (
    space_id      TEXT PRIMARY KEY,
    template_id   TEXT NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    template_hash TEXT NOT NULL,
    owner_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state         TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX pool_members_template ON pool_members (template_id, owner_id, state);
CREATE TABLE space_identities (
    space_id     TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    container_id TEXT NOT NULL,
    environment  TEXT NOT NULL
);

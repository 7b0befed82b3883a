-- warren's schema. The same SQL runs on SQLite and PostgreSQL:
-- TEXT ids (UUID strings), BIGINT epoch-millisecond timestamps, INTEGER 0/1 booleans, TEXT JSON for lists and maps.
-- Constraint names matter: the store recognises a clash by the column or constraint name in the error.

CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL,
    email            TEXT,
    email_key        TEXT,
    password_hash    TEXT,
    roles            TEXT NOT NULL,
    active           INTEGER NOT NULL,
    preferred_shell  TEXT,
    timezone         TEXT,
    service_password TEXT,
    created_at       BIGINT NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username),
    CONSTRAINT users_email_unique UNIQUE (email_key)
);

CREATE TABLE templates (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    description   TEXT,
    icon_url      TEXT,
    spec          TEXT,
    custom_fields TEXT NOT NULL,
    active        INTEGER NOT NULL,
    hash          TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT templates_name_unique UNIQUE (name)
);

CREATE TABLE scripts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT,
    content     TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT scripts_name_unique UNIQUE (name)
);

-- Deleting a template in use is refused (no cascade); deleting a script clears it as startup script.
CREATE TABLE spaces (
    id                    TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    description           TEXT,
    template_id           TEXT NOT NULL REFERENCES templates (id),
    user_id               TEXT NOT NULL REFERENCES users (id),
    shell                 TEXT,
    icon_url              TEXT,
    alt_names             TEXT NOT NULL,
    stack                 TEXT,
    custom_fields         TEXT NOT NULL,
    state                 TEXT NOT NULL,
    applied_template_hash TEXT,
    container_id          TEXT,
    zone                  TEXT,
    startup_script_id     TEXT REFERENCES scripts (id) ON DELETE SET NULL,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    CONSTRAINT spaces_owner_name_unique UNIQUE (user_id, name)
);
CREATE INDEX spaces_template ON spaces (template_id);

CREATE TABLE space_dependencies (
    space_id      TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    depends_on_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    sort_order    INTEGER NOT NULL,
    PRIMARY KEY (space_id, depends_on_id)
);
CREATE INDEX space_dependencies_target ON space_dependencies (depends_on_id);

CREATE TABLE space_shares (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (space_id, user_id)
);
CREATE INDEX space_shares_user ON space_shares (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT,
    token_hash   TEXT NOT NULL,
    space_id     TEXT REFERENCES spaces (id) ON DELETE CASCADE,
    expires_at   BIGINT,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX api_tokens_space ON api_tokens (space_id);

CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- Persistent port forwards only; temporary ones live in the server's memory.
CREATE TABLE port_forwards (
    source_space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    local_port      INTEGER NOT NULL,
    target_space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    remote_port     INTEGER NOT NULL,
    forced          INTEGER NOT NULL,
    PRIMARY KEY (source_space_id, local_port)
);
CREATE INDEX port_forwards_target ON port_forwards (target_space_id);

-- Port URLs (docs/PORT_URLS.md). A preview token opens one port of one space until it expires or is revoked; only
-- its SHA-256 is kept. A public port needs no credentials. Both go with their space (and a token with its creator).
CREATE TABLE preview_tokens (
    id         TEXT PRIMARY KEY,
    space_id   TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    port       INTEGER NOT NULL,
    token_hash TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    CONSTRAINT preview_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX preview_tokens_space ON preview_tokens (space_id);
CREATE INDEX preview_tokens_creator ON preview_tokens (created_by);

CREATE TABLE public_ports (
    space_id   TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    port       INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, port)
);

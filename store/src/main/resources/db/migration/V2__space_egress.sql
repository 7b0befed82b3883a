-- A space's own egress policy, set by its owner to narrow the template's (issue 10, ADR 0006). One row per space
-- with an override; no row: the template's policy applies. mode: ALLOW_ALL, DENY_ALL or ALLOW_LIST; cidrs and
-- domains: TEXT JSON lists. Same SQL on SQLite and PostgreSQL.

CREATE TABLE space_egress (
    space_id   TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    mode       TEXT NOT NULL,
    cidrs      TEXT NOT NULL,
    domains    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

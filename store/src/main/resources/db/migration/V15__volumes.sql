-- Named volumes of users (docs/VOLUMES.md): data that outlives spaces. A user with volumes cannot be deleted from
-- under them (no cascade): dropping data silently is worse than a refusal, and the owner's volumes are deleted
-- through the API first (which also removes the runtime's copy, something a cascade could not do).
CREATE TABLE volumes (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    CONSTRAINT volumes_owner_name_unique UNIQUE (owner_id, name)
);

-- Which volumes a space mounts, fixed at its create. A mount goes with its space; a volume mounted by any space
-- cannot be deleted (no cascade from volumes: the service refuses with a sentence, the key is the last guard).
CREATE TABLE space_volume_mounts (
    space_id   TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    volume_id  TEXT NOT NULL REFERENCES volumes (id),
    mount_path TEXT NOT NULL,
    subpath    TEXT NOT NULL,
    read_only  INTEGER NOT NULL,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (space_id, mount_path)
);
CREATE INDEX space_volume_mounts_volume ON space_volume_mounts (volume_id);

-- What the user asked for, apart from what runs now: a space whose engine lost it (engine or host restart, a crash)
-- is started again while it is wanted running. A row exists once a space was started or stopped through warren.
CREATE TABLE space_desired_state (
    space_id TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    running  BOOLEAN NOT NULL
);

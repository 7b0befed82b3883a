-- The life span a sandbox was given (a resume gives it that much again) and its idle timeout (0: none): with
-- on_timeout 'pause', a sandbox that nobody used for idle_timeout_seconds is paused like one whose time is up.
ALTER TABLE sandboxes ADD COLUMN timeout_seconds BIGINT NOT NULL DEFAULT 300;
ALTER TABLE sandboxes ADD COLUMN idle_timeout_seconds BIGINT NOT NULL DEFAULT 0;

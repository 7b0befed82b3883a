-- Settings of this installation that must travel with its store (a backup restored elsewhere keeps them):
-- instance_id labels what the server creates in an engine, so a restored server adopts its spaces.
CREATE TABLE server_settings (
    name  VARCHAR(64)   NOT NULL PRIMARY KEY,
    value VARCHAR(1024) NOT NULL
);

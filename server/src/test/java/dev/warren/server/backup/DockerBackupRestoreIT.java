package dev.warren.server.backup;

import dev.warren.server.support.TestServer;

class DockerBackupRestoreIT extends BackupRestoreContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}

package dev.warren.server.backup;

import dev.warren.server.support.TestServer;

class PodmanBackupRestoreIT extends BackupRestoreContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}

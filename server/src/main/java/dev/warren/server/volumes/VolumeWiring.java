package dev.warren.server.volumes;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.Secrets;
import dev.warren.store.FieldCipher;
import dev.warren.store.ServerSettingsStore;
import dev.warren.store.SpaceStore;
import dev.warren.store.UserStore;
import dev.warren.store.VolumeMountStore;
import dev.warren.store.VolumeStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Builds the volume services for the server's wiring: the download links' key (32 random bytes made once, sealed with
 * the store's cipher in the server settings, so links outlive restarts and a restored backup keeps them), and a check
 * that the runtime holds every stored volume.
 */
public record VolumeWiring(VolumeService volumes, VolumeFileService files) {
    private static final String KEY_SETTING = "volume_download_key";
    private static final String KEY_CONTEXT = "server_settings." + KEY_SETTING;

    public static VolumeWiring start(VolumeStore volumeStore, VolumeMountStore mounts, SpaceStore spaces,
            UserStore users, ServerSettingsStore settings, FieldCipher cipher, SpaceRuntime runtime, Secrets secrets,
            Clock clock) {
        String sealed = settings.getOrInit(KEY_SETTING, () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return cipher.seal(Base64.getEncoder().encodeToString(key), KEY_CONTEXT);
        });
        DownloadLinks links = new DownloadLinks(Base64.getDecoder().decode(cipher.open(sealed, KEY_CONTEXT)));
        VolumeService volumes = new VolumeService(volumeStore, mounts, spaces, users, runtime, secrets, clock);
        volumes.ensureInRuntime();
        return new VolumeWiring(volumes, new VolumeFileService(volumes, volumeStore, runtime, links, clock));
    }
}

/**
 * Users' named volumes (docs/VOLUMES.md): {@link dev.warren.server.volumes.VolumeService} (create, get, list,
 * delete — refused while mounted), {@link dev.warren.server.volumes.VolumeMounts} (the mounts a new space asks for,
 * checked before anything is written, and what the runtime mounts at each start),
 * {@link dev.warren.server.volumes.VolumeFileService} (the direct file API and signed download links). The runtime
 * keeps each volume's data under its id ({@link dev.warren.runtime.SpaceRuntime#createVolume}).
 */
package dev.warren.server.volumes;

/**
 * What every runtime's user volumes share: the path rules of the direct file API ({@link
 * dev.warren.runtime.volume.VolumePaths}), so that the Docker/Podman implementation (host paths) and the in-memory
 * one refuse the same paths with the same sentences.
 */
package dev.warren.runtime.volume;

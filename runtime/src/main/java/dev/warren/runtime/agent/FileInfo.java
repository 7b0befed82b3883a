package dev.warren.runtime.agent;

import java.time.Instant;

/**
 * One file system entry, not following symbolic links.
 *
 * @param path          the entry's path as the agent resolved it (absolute when the request was)
 * @param name          its last path element
 * @param size          its size in bytes ({@code lstat}: a link's size is the length of its target)
 * @param mode          permission bits, with set-user-id, set-group-id and sticky ({@code 07777})
 * @param symlinkTarget the link's target as stored, or {@code null} when it is not a link
 */
public record FileInfo(String path, String name, FileType type, long size, int mode, Instant modifiedAt,
        String symlinkTarget) {}

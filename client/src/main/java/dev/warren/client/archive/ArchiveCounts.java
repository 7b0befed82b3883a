package dev.warren.client.archive;

/**
 * What an extraction wrote.
 *
 * @param bytes the content bytes of the files
 */
public record ArchiveCounts(long files, long directories, long symlinks, long bytes) {}

/**
 * File operations of a space beyond reading and writing one file, on top of the space's agent
 * ({@link dev.warren.runtime.SpaceAgent}): paths as the API takes them ({@link SpacePaths}), entries in the wire's
 * shape ({@link FileEntries}), glob search ({@link Glob}, {@link FileSearch}), directory archives out
 * ({@link ArchiveWriter}) and in ({@link ArchiveExtraction}, staging members through {@link SpaceArchiveSink} under the
 * rules of {@link dev.warren.client.archive.SafeArchivePaths}). No access checks here: callers pass the agent of a
 * space they already checked ({@code spaces.SpaceIo}).
 */
package dev.warren.server.files;

/**
 * Directory archives (tar) read under warren's safety rules, in one place for the SDK (a directory download is
 * extracted on the caller's machine) and the server (an archive upload is extracted into a space):
 * {@link dev.warren.client.archive.SafeArchivePaths} decides which member paths and link targets are acceptable,
 * {@link dev.warren.client.archive.TarExtraction} reads a tar stream member by member, refuses what the rules refuse
 * and hands the rest to an {@link dev.warren.client.archive.ArchiveSink} that writes it somewhere. No I/O of its own
 * besides the stream it is given.
 */
package dev.warren.client.archive;

package dev.warren.runtime.agent;

/** The kind of a file system entry, as {@code lstat} sees it (links are not followed). */
public enum FileType { FILE, DIRECTORY, SYMLINK, OTHER }

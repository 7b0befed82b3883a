package dev.warren.runtime.agent;

/**
 * A change seen by a {@link FileWatch}. A rename is reported as {@link Kind#RENAME} for the old path and
 * {@link Kind#CREATE} for the new one (as fsnotify does); consecutive identical events are reported once.
 *
 * @param path the absolute path of the entry that changed
 */
public record FileEvent(Kind kind, String path) {

    public enum Kind { CREATE, WRITE, REMOVE, RENAME, CHMOD }
}

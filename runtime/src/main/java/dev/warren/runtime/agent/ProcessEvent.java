package dev.warren.runtime.agent;

/** What a process connection delivers, in order: output chunks as the process writes them, then one exit. */
public sealed interface ProcessEvent {

    /** The stream a chunk came from; a process with a terminal has one stream, reported as {@link #STDOUT}. */
    enum Stream { STDOUT, STDERR }

    /** A chunk of output, exactly the bytes the process wrote (no line or character boundaries implied). */
    record Output(Stream stream, byte[] data) implements ProcessEvent {}

    /**
     * The process ended; all its output was delivered before this (unless a process it left behind kept the output
     * open, in which case the exit comes after a short grace).
     *
     * @param exitCode its exit code, or {@code 128 + signal} when a signal ended it
     * @param signal   the signal that ended it, or 0
     */
    record Exit(int exitCode, int signal) implements ProcessEvent {}
}

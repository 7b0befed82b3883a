package dev.warren.runtime;

/**
 * Why a space stopped without being asked to, as its runtime saw it.
 *
 * @param sentence    for the space's users, e.g. "The space was stopped: it ran out of memory (limit 64 MiB)."
 * @param outOfMemory its main process was killed for want of memory: starting it again as it is would repeat that
 */
public record StopReason(String sentence, boolean outOfMemory) {}

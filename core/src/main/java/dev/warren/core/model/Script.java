package dev.warren.core.model;

import java.time.Instant;

/** A shell script stored on the server and run inside spaces by name ({@code run_script}). */
public record Script(String id, String name, String description, String content, Instant createdAt,
        Instant updatedAt) {}

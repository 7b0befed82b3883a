package dev.warren.core;

/** One invalid input: the field (JSON name) and what is wrong with it, as a sentence. */
public record FieldError(String field, String message) {}

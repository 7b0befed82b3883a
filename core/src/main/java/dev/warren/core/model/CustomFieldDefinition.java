package dev.warren.core.model;

/** A per-space value a template asks for, usable in its spec as {@code ${{ .custom.<name> }}}. */
public record CustomFieldDefinition(String name, String description) {}

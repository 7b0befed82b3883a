package dev.warren.core.spec;

/** A port a template's spaces serve, listed in the space's Ports menu. */
public record PortSpec(String name, int port) {}

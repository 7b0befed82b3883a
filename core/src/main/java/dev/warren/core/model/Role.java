package dev.warren.core.model;

/** What a user may do: admins manage everything, users their own spaces. */
public enum Role {
    ADMIN, USER
}

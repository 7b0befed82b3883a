/** The product's records: users, tokens, templates, spaces, scripts and port forwards. Immutable; no I/O. */
package dev.warren.core.model;

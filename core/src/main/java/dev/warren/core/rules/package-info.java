/** Validation and lifecycle rules: names, fields, dependency graphs, state transitions. Pure functions. */
package dev.warren.core.rules;

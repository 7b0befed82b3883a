/** Domain errors shared by every layer; the HTTP boundary maps each to one status code. No I/O lives in core. */
package dev.warren.core;

/** Templates: admin management, spec validation, content hashes and the default template of a fresh install. */
package dev.warren.server.templates;

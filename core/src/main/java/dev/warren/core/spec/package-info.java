/** Template container specs: parsing the YAML, template variables, content hashes. */
package dev.warren.core.spec;

/**
 * The {@code warren} command line: picocli commands on top of the Java SDK ({@link dev.warren.client.Warren}) only.
 * {@link dev.warren.cli.WarrenCommand} is the root (global {@code --server}, {@code --token}, {@code --json});
 * {@link dev.warren.cli.ExitCodes} maps failures to documented exit codes; {@link dev.warren.cli.Output} prints
 * aligned tables or JSON. See docs/CLI.md.
 */
package dev.warren.cli;

/** Scripts stored on the server and run inside spaces by name. */
package dev.warren.server.scripts;

/** Online backup of the embedded store with what the server needs beside it (the key file, the agents' secrets). */
package dev.warren.server.backup;

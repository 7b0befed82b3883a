/** User accounts: admin management, profiles, service passwords and the first admin at start-up. */
package dev.warren.server.users;

/** Who is calling: password hashing, sessions with CSRF tokens, API and space tokens, login rate limiting. */
package dev.warren.server.auth;

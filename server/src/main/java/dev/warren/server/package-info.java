/** The warren server: configuration, wiring of services, start-up and shutdown. */
package dev.warren.server;

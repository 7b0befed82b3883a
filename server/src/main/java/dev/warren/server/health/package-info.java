/** Whether the server can do its work: readiness of the store and the runtime, for probes and for honest answers. */
package dev.warren.server.health;

/**
 * The browser UI: pages (plain HTML with Alpine.js talking to the JSON API), their static assets, and the web
 * terminal's WebSocket. {@link dev.warren.server.web.WebUi} is the only public type; it plugs into the HTTP server
 * as a {@link dev.warren.server.http.WebExtension}. Third-party browser code is fetched from npm at build time.
 */
package dev.warren.server.web;

package dev.warren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks every page must pass: at a phone's width (390 CSS px) nothing reaches past the right edge and the page
 * does not scroll sideways; and axe-core (npm, pinned in server/src/main/frontend/package.json) finds no "serious"
 * or "critical" accessibility violation.
 */
final class PageChecks {
    static final int PHONE_WIDTH = 390;
    private static final Path AXE = Path.of("src", "main", "frontend", "node_modules", "axe-core", "axe.min.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageChecks() {}

    /** The viewport of a phone (390 × 844, touch, the page's viewport meta honoured) until {@link #desktop}. */
    static void phone(Browser browser) {
        browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", PHONE_WIDTH, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    static void desktop(Browser browser) {
        browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Fails naming the elements whose right edge lies beyond the viewport, and when the document scrolls sideways. */
    static void fitsWidth(Browser browser, String page) {
        String report = (String) browser.script("""
                const width = window.innerWidth;
                const outside = [];
                for (const el of document.querySelectorAll('body *')) {
                  const box = el.getBoundingClientRect();
                  if (box.width === 0 && box.height === 0) continue;
                  if (getComputedStyle(el).visibility === 'hidden') continue;
                  if (box.right > width + 0.5) {
                    outside.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
                        ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : '')
                        + (el.dataset.action ? '[' + el.dataset.action + ']' : '') + ' right=' + Math.round(box.right));
                  }
                }
                return JSON.stringify({ width, scrollWidth: document.documentElement.scrollWidth,
                    outside: outside.slice(0, 12) });
                """);
        JsonNode result = read(report);
        assertThat(result.path("width").asInt()).as("the viewport of " + page).isEqualTo(PHONE_WIDTH);
        assertThat(result.path("outside")).as("elements of " + page + " past the right edge at 390 px").isEmpty();
        assertThat(result.path("scrollWidth").asInt()).as("the document width of " + page + " at 390 px")
                .isLessThanOrEqualTo(result.path("width").asInt());
    }

    /** Injects axe-core into the page and fails on serious or critical violations, listing them. */
    static void accessible(Browser browser, String page) {
        String axe;
        try {
            axe = Files.readString(AXE);
        } catch (IOException missing) {
            throw new UncheckedIOException("axe-core is missing: run npm ci in server/src/main/frontend (Maven's "
                    + "generate-resources does).", missing);
        }
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.script(axe);
        String report = (String) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(result => done(JSON.stringify(
                    result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })))),
                    error => done(JSON.stringify([{ id: 'axe-error', help: String(error) }])));
                """);
        assertThat(read(report)).as("serious or critical axe-core violations on " + page).isEmpty();
    }

    /** Both checks at 390 px, and a screenshot of the phone layout; back to the desktop size afterwards. */
    static void onPhone(Browser browser, String page, String screenshot) {
        phone(browser);
        try {
            browser.await("the layout of " + page + " to settle", d -> (Boolean) browser.script(
                    "return document.readyState === 'complete' && window.innerWidth === " + PHONE_WIDTH));
            fitsWidth(browser, page);
            accessible(browser, page);
            browser.screenshot(screenshot);
        } finally {
            desktop(browser);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException broken) {
            throw new UncheckedIOException(broken);
        }
    }
}

/** The API's own reads while commands run: {@code GET /api/spaces} idle and under load. */
package dev.warren.bench.load;

/** Many running sandboxes on one host: the server's memory and responsiveness at 0, 50 and 200. */
package dev.warren.bench.scale;

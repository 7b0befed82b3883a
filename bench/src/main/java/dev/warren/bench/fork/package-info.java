/** Issue 12 benchmark: fork of a sandbox with 100 MB of written files, next to docker commit + docker run. */
package dev.warren.bench.fork;

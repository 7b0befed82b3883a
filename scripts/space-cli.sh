#!/usr/bin/env bash
# Builds the self-contained warren CLI that the server mounts read-only into every space at /opt/warren
# (Config.cliDir defaults to the absolute path of build/space-cli when it exists):
#   build/space-cli/jre           a jlink'ed Java runtime with only the modules the CLI needs (glibc, like the base image)
#   build/space-cli/warren-cli.jar + lib/   the CLI and its dependencies (from cli/target, built here if missing)
#   build/space-cli/bin/warren    the launcher; it tries ../jre/bin/java first
# Usage: scripts/space-cli.sh [--rebuild]   (--rebuild: package the cli module again first)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
find_java25
ensure_maven

out=build/space-cli
if [[ ${1:-} == --rebuild || ! -f cli/target/warren-cli.jar || ! -x cli/target/bin/warren ]]; then
  log "packaging the cli module"
  mvn -B -q -ntp -DskipTests -pl cli -am package
fi
[[ -f cli/target/warren-cli.jar && -d cli/target/lib && -f cli/target/bin/warren ]] ||
  die "cli/target lacks warren-cli.jar, lib/ or bin/warren after packaging the cli module"

# The modules the CLI's classes use (jdeps), plus what they reach only reflectively or through services:
# HTTP client, logging, elliptic-curve TLS, zip file system, locale data for dates.
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
  --class-path 'cli/target/lib/*' cli/target/warren-cli.jar)
for extra in java.net.http java.logging jdk.crypto.ec jdk.zipfs jdk.localedata; do
  if "$JAVA_HOME/bin/java" --list-modules | grep -q "^$extra@"; then modules="$modules,$extra"; fi
done
log "linking a runtime with $modules"

staging=$(mktemp -d "${TMPDIR:-/tmp}/warren-space-cli.XXXXXX")
trap 'rm -rf "$staging"' EXIT
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --include-locales en \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
  --output "$staging/jre"
mkdir -p "$staging/bin" "$staging/lib"
cp cli/target/warren-cli.jar "$staging/"
cp cli/target/lib/*.jar "$staging/lib/"
cp cli/target/bin/warren "$staging/bin/warren"
chmod 0755 "$staging/bin/warren"
chmod -R a+rX "$staging"
"$staging/bin/warren" --version >/dev/null 2>&1 || "$staging/bin/warren" --help >/dev/null ||
  die "the bundled CLI does not start"

# Swap in atomically-ish: running spaces keep the old bind mount's inode until they restart.
mkdir -p build
rm -rf "$out.old"
[[ -d $out ]] && mv "$out" "$out.old"
mv "$staging" "$out"
rm -rf "$out.old"
trap - EXIT
log "space CLI ready in $(pwd)/$out ($(du -sh "$out" | cut -f1)); the server mounts it at /opt/warren"

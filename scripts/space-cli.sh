#!/usr/bin/env bash
# Builds the self-contained warren CLI that the server mounts read-only into every space at /opt/warren.
# Versioned so that a rebuild never empties /opt/warren in running spaces:
#   build/space-cli/<hash>/                one complete bundle, never changed once built, named by the hash of its
#                                          inputs (cli jar, lib jars, launcher, JDK, this script):
#     jre/                                 a jlink'ed Java runtime with only the modules the CLI needs (glibc)
#     warren-cli.jar, lib/                 the CLI and its dependencies (from cli/target, built here if missing);
#                                          classes older than Java 6 rewritten as Java 8 class files
#                                          (scripts/lib/UpgradeOldClasses.java) so that the AOT cache can hold them
#     warren-cli.aot                       the JVM's AOT cache for jre/ and these jars, from a training run of
#                                          representative commands (dev.warren.cli.AotTraining); docs/adr/0008
#     bin/warren                           the launcher; it tries ../jre/bin/java first, with the AOT cache
#     bundle-hash                          the full input hash (what the next run compares against)
#   build/space-cli/current -> <hash>      flipped atomically (rename of a new symlink) when the inputs change
#   build/space-cli/{bin,jre,lib,warren-cli.jar} -> current/…   so build/space-cli/bin/warren keeps working
# The server (Config.cliDir) resolves build/space-cli/current to the real <hash> directory, so each space's bind
# mount pins the version it started with. Unchanged inputs skip the whole build. The 3 newest versions are kept,
# and never the one `current` names is deleted.
# Usage: scripts/space-cli.sh [--rebuild]   (--rebuild: package the cli module again first)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
find_java25
ensure_maven

readonly root=build/space-cli
readonly keep=3

if [[ ${1:-} == --rebuild || ! -f cli/target/warren-cli.jar || ! -x cli/target/bin/warren ]]; then
  log "packaging the cli module"
  mvn -B -q -ntp -DskipTests -pl cli -am package
fi
[[ -f cli/target/warren-cli.jar && -d cli/target/lib && -f cli/target/bin/warren ]] ||
  die "cli/target lacks warren-cli.jar, lib/ or bin/warren after packaging the cli module"

# The hash of everything that goes into a bundle: file names and contents, the JDK that links the runtime,
# this script (which decides the modules, the JVM options of the AOT training) and the class upgrader. The AOT
# cache is made from these inputs alone (the training commands live in warren-cli.jar), so it needs no input of its own.
input_hash() {
  {
    (cd cli/target && sha256sum warren-cli.jar bin/warren && find lib -maxdepth 1 -name '*.jar' -print0 |
      LC_ALL=C sort -z | xargs -0 -r sha256sum)
    if [[ -f $JAVA_HOME/release ]]; then cat "$JAVA_HOME/release"; else "$JAVA_HOME/bin/java" -version 2>&1; fi
    sha256sum < scripts/space-cli.sh
    sha256sum < scripts/lib/UpgradeOldClasses.java
  } | sha256sum | cut -c1-64
}

# The JVM options of the launcher (cli/src/main/dist/bin/warren) that an AOT cache must be made with.
readonly aot_jvm_options=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -Xss1m)

# Makes $1/warren-cli.aot: a training run records what representative commands load and link (against a canned
# server inside the training JVM), then the cache is created from that record with the bundle's own runtime and
# class path. The cache only speeds the start up: when anything here fails, the bundle goes without it (the
# launcher then starts the JVM as before) and the log says why.
build_aot_cache() {
  local dir=$1 java=$1/jre/bin/java problem=
  log "training the AOT cache of the CLI (dev.warren.cli.AotTraining)"
  if ! "$java" "${aot_jvm_options[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$dir/warren-cli.aotconf" \
      -Xlog:aot*=off -Xlog:cds*=off -cp "$dir/warren-cli.jar" dev.warren.cli.AotTraining >&2; then
    # The record is still written; the cache then covers less of what those commands load.
    log "warning: not every AOT training command ended as expected (see above)"
  fi
  if [[ ! -s $dir/warren-cli.aotconf ]]; then
    problem="the training run recorded nothing"
  elif ! "$java" "${aot_jvm_options[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$dir/warren-cli.aotconf" \
      -XX:AOTCache="$dir/warren-cli.aot" -Xlog:aot*=off -Xlog:cds*=off -cp "$dir/warren-cli.jar" >/dev/null; then
    problem="the JVM could not create the cache"
  # AOTMode=on refuses to start with a cache it cannot use, which the launcher's default mode would skip silently.
  elif ! "$java" "${aot_jvm_options[@]}" -XX:AOTCache="$dir/warren-cli.aot" -XX:AOTMode=on \
      -jar "$dir/warren-cli.jar" --version >/dev/null; then
    problem="the JVM refuses the cache it just made"
  fi
  rm -f "$dir/warren-cli.aotconf"
  if [[ -n $problem ]]; then
    rm -f "$dir/warren-cli.aot"
    log "warning: $problem; the CLI bundle has no AOT cache and starts slower"
  else
    log "AOT cache ready ($(du -h "$dir/warren-cli.aot" | cut -f1))"
  fi
}

# An older layout kept the bundle directly in build/space-cli, which running spaces may have mounted: move the
# whole directory (renaming keeps their mount intact) into the new layout as one more old version.
migrate_flat_layout() {
  if [[ -d $root && ! -L $root/current && ! -L $root/bin && -e $root/bin/warren ]]; then
    local legacy
    legacy="legacy-$(date +%Y%m%d%H%M%S)"
    log "moving the previous unversioned bundle to $root/$legacy"
    mv "$root" "$root.migrating.$$"
    mkdir -p "$root"
    mv "$root.migrating.$$" "$root/$legacy"
  fi
  mkdir -p "$root"
}

# The version directories, newest first (a version is touched when it becomes current).
versions_newest_first() {
  find "$root" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%T@ %f\n' | sort -rn | cut -d' ' -f2-
}

prune_old_versions() {
  local current name kept=0
  current=$(readlink "$root/current" 2>/dev/null || true)
  while IFS= read -r name; do
    [[ -z $name ]] && continue
    if [[ $name == "$current" ]] || ((kept < keep)); then
      kept=$((kept + 1))
      continue
    fi
    log "removing the old space CLI version $root/$name"
    rm -rf "${root:?}/$name"
  done < <(versions_newest_first)
  # Staging directories of runs that died half-way.
  find "$root" -mindepth 1 -maxdepth 1 -name '.staging.*' -mmin +60 -exec rm -rf {} + 2>/dev/null || true
}

# Points `current` at $1 with a rename (atomic: readers see the old or the new target, never nothing), and keeps
# the top-level compatibility links in place.
flip_current() {
  local version=$1 link
  touch "$root/$version"
  ln -sfn "$version" "$root/.current.$$"
  mv -T "$root/.current.$$" "$root/current"
  for link in bin jre lib warren-cli.jar; do
    if [[ "$(readlink "$root/$link" 2>/dev/null)" != "current/$link" ]]; then
      ln -sfn "current/$link" "$root/.$link.$$"
      mv -T "$root/.$link.$$" "$root/$link"
    fi
  done
}

build_bundle() {
  local hash=$1 version=$2 staging modules extra
  # The modules the CLI's classes use (jdeps), plus what they reach only reflectively or through services:
  # HTTP client, logging, elliptic-curve TLS, zip file system, locale data for dates.
  modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
    --class-path 'cli/target/lib/*' cli/target/warren-cli.jar)
  for extra in java.net.http java.logging jdk.crypto.ec jdk.zipfs jdk.localedata; do
    if "$JAVA_HOME/bin/java" --list-modules | grep -q "^$extra@"; then modules="$modules,$extra"; fi
  done
  log "linking a runtime with $modules"

  # Staged inside build/space-cli so the final rename stays on one file system (atomic).
  staging=$(mktemp -d "$root/.staging.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --include-locales en \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
    --output "$staging/jre"
  mkdir -p "$staging/bin" "$staging/lib"
  cp cli/target/warren-cli.jar "$staging/"
  cp cli/target/lib/*.jar "$staging/lib/"
  # A jar is replaced only once rewritten whole, so a failure leaves the original (which the AOT cache then skips).
  "$JAVA_HOME/bin/java" scripts/lib/UpgradeOldClasses.java "$staging"/lib/*.jar >&2 ||
    log "warning: old class files were not upgraded; the AOT cache leaves them out (slower start)"
  cp cli/target/bin/warren "$staging/bin/warren"
  chmod 0755 "$staging/bin/warren"
  build_aot_cache "$staging"
  printf '%s\n' "$hash" > "$staging/bundle-hash"
  chmod -R a+rX "$staging"
  chmod 0755 "$staging"
  "$staging/bin/warren" --version >/dev/null 2>&1 || "$staging/bin/warren" --help >/dev/null ||
    die "the bundled CLI does not start"
  mv -T "$staging" "$root/$version"
  trap - EXIT
}

main() {
  local hash version current_hash
  mkdir -p build
  # One build at a time (run.sh and test.sh may run side by side).
  if command -v flock >/dev/null 2>&1; then
    exec 9> build/.space-cli.lock
    flock 9
  fi
  migrate_flat_layout
  hash=$(input_hash)
  version=${hash:0:16}
  current_hash=$(cat "$root/current/bundle-hash" 2>/dev/null || true)
  if [[ $current_hash == "$hash" && -x $root/current/bin/warren && -d $root/current/jre ]]; then
    log "space CLI unchanged ($version); nothing to build"
    flip_current "$version" # repairs a missing compatibility link; the target is the same
    return 0
  fi
  if [[ $(cat "$root/$version/bundle-hash" 2>/dev/null || true) == "$hash" && -x $root/$version/bin/warren ]]; then
    log "space CLI version $version was built before; making it current again"
  else
    rm -rf "${root:?}/$version" # an incomplete directory of that name (never a published one: those have the hash file)
    build_bundle "$hash" "$version"
  fi
  flip_current "$version"
  prune_old_versions
  log "space CLI ready in $(pwd)/$root/$version ($(du -sh "$root/$version" | cut -f1)), current; the server mounts it at /opt/warren"
}

main "$@"

#!/usr/bin/env bash
# The README's run command: builds the server when the sources changed, then runs it in the
# foreground. WARREN_* environment variables pass through as configuration; arguments go to the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/scripts/lib/common.sh
source scripts/lib/common.sh

readonly JAR=server/target/warren-server.jar

# True when the jar is missing or any pom.xml or source file is newer than it.
needs_build() {
  [[ -f $JAR ]] || return 0
  [[ -n $(find . \( -name .git -o -name target -o -name node_modules \) -prune -o \
      -type f \( -name pom.xml -o -path '*/src/*' -o -path './.mvn/*' \) -newer "$JAR" -print -quit) ]]
}

build_if_needed() {
  if needs_build; then
    log "building the server (mvn -B -q -ntp -DskipTests package)"
    local started=$SECONDS
    mvn -B -q -ntp -DskipTests package || die "build failed (run: mvn -B -DskipTests package)"
    [[ -f $JAR ]] || die "build finished but $JAR is missing"
    log "built in $((SECONDS - started)) s"
  fi
}

main() {
  find_java25
  ensure_maven
  # A fresh machine gets working engines and the local base image, so a first space can start.
  run_step_if_present scripts/engines.sh
  run_step_if_present scripts/base-image.sh
  build_if_needed
  # The self-contained CLI mounted into spaces at /opt/warren (warren port forward … inside a space).
  run_step_if_present scripts/space-cli.sh
  # The in-space agent every space runs as process 1 (mounted at /.warren/agent).
  run_step_if_present scripts/agent.sh
  log "starting warren: java -jar $JAR $*"
  exec "$JAVA/bin/java" --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
}

main "$@"

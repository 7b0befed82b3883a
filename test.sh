#!/usr/bin/env bash
# The README's test command: fast *Test (surefire) and engine *IT (failsafe) against real
# Docker, Podman, PostgreSQL and Chromium, installing what a fresh Debian machine lacks.
# Extra arguments go to Maven:  ./test.sh -pl store -am   ./test.sh -DskipITs   ./test.sh -Dit.test=X
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/scripts/lib/common.sh
source scripts/lib/common.sh

PG_DIR=

# Stops the throwaway PostgreSQL whatever happened, and keeps the exit status.
cleanup() {
  local status=$?
  if [[ -n $PG_DIR ]]; then
    scripts/postgres.sh stop "$PG_DIR" || log "could not stop postgres in $PG_DIR"
  fi
  exit "$status"
}

timed() {
  local what=$1 started=$SECONDS
  shift
  "$@"
  log "$what took $((SECONDS - started)) s"
}

main() {
  local started=$SECONDS status=0
  find_java25
  ensure_maven
  timed "engines" run_step_if_present scripts/engines.sh
  timed "base image" run_step_if_present scripts/base-image.sh
  timed "browser" run_step scripts/browser.sh
  # The in-space CLI bundle (jlink runtime + CLI) that spaces mount at /opt/warren; the server ITs use it.
  timed "space cli" run_step_if_present scripts/space-cli.sh
  # The in-space agent (static binary) that spaces run as process 1; the runtime tests start it on the host.
  timed "agent" run_step_if_present scripts/agent.sh

  trap cleanup EXIT
  # Signals become ordinary exits so the EXIT trap stops PostgreSQL.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  timed "postgres" run_step scripts/postgres.sh start
  PG_DIR=$WARREN_TEST_PG_DIR

  log "mvn -B -ntp verify $*"
  mvn -B -ntp verify "$@" || status=$?
  log "maven exited with $status; ./test.sh took $((SECONDS - started)) s"
  return "$status"
}

main "$@"

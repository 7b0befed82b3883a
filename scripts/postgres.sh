#!/usr/bin/env bash
# A throwaway PostgreSQL for tests, from Debian's packages, on a free loopback port.
#
#   eval "$(scripts/postgres.sh start)"   # prints export WARREN_TEST_PG_URL=... and WARREN_TEST_PG_DIR=...
#   scripts/postgres.sh stop [DIR]        # DIR defaults to $WARREN_TEST_PG_DIR; stops and deletes it
#
# The role `warren` is the cluster's superuser, so tests may create extra databases for isolation.
# Durability is switched off (fsync, full_page_writes): the data is deleted at stop anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=SCRIPTDIR/lib/common.sh
source scripts/lib/common.sh

readonly PG_USER=warren PG_DATABASE=warren_test
readonly MARKER=.warren-throwaway-postgres   # stop deletes only directories carrying it
readonly START_TIMEOUT=60                    # seconds, per attempt

pg_bin_dir() {
  local dir
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [[ -x $dir/initdb ]] || return 1
  printf '%s\n' "$dir"
}

# Runs a PostgreSQL binary as the owner of the data: initdb and postgres refuse to run as root.
as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A port nobody answers on. Racy by nature, so start() retries on another port when bind fails.
free_port() {
  local port attempt
  for attempt in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "no free loopback port found after 50 tries"
}

start() {
  local started=$SECONDS bin
  bin=$(pg_bin_dir) || { ensure_packages postgresql; bin=$(pg_bin_dir) || die "initdb not found under /usr/lib/postgresql/*/bin"; }
  is_root && { id postgres >/dev/null 2>&1 || die "user postgres missing (the postgresql package creates it)"; }

  # /tmp, not $TMPDIR: the postgres user must be able to reach the directory.
  local dir password
  dir=$(mktemp -d /tmp/warren-pg.XXXXXX)
  touch "$dir/$MARKER"
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/pwfile"
  is_root && chown -R postgres:postgres "$dir"

  # Clean up what we made if anything below fails.
  trap 'stop_dir "$dir" >/dev/null 2>&1 || true' ERR

  as_owner "$bin/initdb" -D "$dir/data" -U "$PG_USER" --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
  rm -f "$dir/pwfile"

  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    # pg_ctl -w waits at most -t seconds, so the wait is bounded.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t "$START_TIMEOUT" start \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        >&2; then
      break
    fi
    log "postgres did not start on port $port (attempt $attempt); last log lines:"
    tail -5 "$dir/postgres.log" >&2 || true
    port=
  done
  [[ -n $port ]] || die "postgres failed to start after 3 attempts (log: $dir/postgres.log)"

  as_owner "$bin/psql" -h "$dir" -p "$port" -U "$PG_USER" -d postgres -qAt \
    -c "CREATE DATABASE $PG_DATABASE" >&2 || die "could not create database $PG_DATABASE"
  # Prove the URL the tests get works: TCP plus password, not the trusted socket.
  PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U "$PG_USER" -d "$PG_DATABASE" -qAt \
    -c 'SELECT 1' >/dev/null || die "postgres on 127.0.0.1:$port refused the test credentials"

  trap - ERR
  log "postgres ready on 127.0.0.1:$port in $((SECONDS - started)) s (dir $dir)"
  {
    emit_export WARREN_TEST_PG_URL "jdbc:postgresql://127.0.0.1:$port/$PG_DATABASE?user=$PG_USER&password=$password"
    emit_export WARREN_TEST_PG_DIR "$dir"
  } | tee "$dir/env"
}

stop_dir() {
  local dir=$1 bin pid
  [[ -f $dir/$MARKER ]] || die "$dir is not a throwaway postgres directory (no $MARKER)"
  if [[ -f $dir/data/postmaster.pid ]]; then
    bin=$(pg_bin_dir) || true
    if [[ -n ${bin:-} ]] && ! as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2; then
      # Fast shutdown timed out: kill our own postmaster by its recorded id.
      pid=$(head -1 "$dir/data/postmaster.pid")
      if [[ $pid =~ ^[0-9]+$ ]]; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
  fi
  rm -rf "$dir"
}

stop() {
  local dir=${1:-${WARREN_TEST_PG_DIR:-}}
  [[ -n $dir ]] || die "stop needs the directory printed by start (argument or WARREN_TEST_PG_DIR)"
  if [[ ! -d $dir ]]; then
    log "postgres dir $dir already gone"
    return 0
  fi
  stop_dir "$dir"
  log "postgres in $dir stopped and removed"
}

case ${1:-} in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 start|stop [DIR]" ;;
esac

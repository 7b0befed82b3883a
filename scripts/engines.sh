#!/usr/bin/env bash
# Brings up the two container engines warren talks to: dockerd (docker.io) and the Podman API service.
# Idempotent: installs only what is missing, starts only what does not answer.
# Quirks of these machines handled here (see docs/ENGINES.md):
#   - crun refuses hybrid cgroups, so Podman is switched to runc;
#   - the hard nofile limit is low and CAP_SYS_RESOURCE is absent, so default container rlimits
#     are pinned at or below the host's hard limit (asking for more fails with EPERM).
set -euo pipefail

DOCKER_SOCK=/var/run/docker.sock
PODMAN_SOCK=/run/podman/podman.sock
LOG_DIR=${WARREN_ENGINE_LOG_DIR:-/tmp/warren-engines}
DEADLINE_SECONDS=${WARREN_ENGINE_DEADLINE:-60}
# catatonit: the init Podman injects for HostConfig.Init (reaps orphans of killed execs, forwards SIGTERM).
PACKAGES=(docker.io podman runc busybox-static catatonit)

# Answers 0 when an engine API answers /_ping on the given unix socket.
answers() {
  [ -S "$1" ] && curl -fsS --max-time 3 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

wait_for() { # socket, name, log, pid
  local end=$((SECONDS + DEADLINE_SECONDS))
  until answers "$1"; do
    if ! kill -0 "$4" 2>/dev/null; then
      echo "$2 exited before answering on $1; last log lines from $3:" >&2
      tail -n 20 "$3" >&2 || true
      exit 1
    fi
    if ((SECONDS > end)); then
      echo "$2 did not answer on $1 within ${DEADLINE_SECONDS}s; last log lines from $3:" >&2
      tail -n 20 "$3" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}

hard_nofile=$(ulimit -Hn)
[ "$hard_nofile" = unlimited ] && hard_nofile=1048576
# Podman lowers its own (and so conmon's and runc's) hard nproc to 32768 at start (measured on
# Podman 4.3), so a container cannot be given more than that whatever the host allows.
hard_nproc=$(ulimit -Hu)
{ [ "$hard_nproc" = unlimited ] || [ "$hard_nproc" -gt 32768 ]; } && hard_nproc=32768

missing=$(missing_packages)
command -v curl >/dev/null 2>&1 || missing+="curl "
if [ "$(id -u)" -ne 0 ]; then
  need=""
  [ -n "$missing" ] && need+="packages: ${missing% }; "
  for sock in "$DOCKER_SOCK" "$PODMAN_SOCK"; do
    if ! answers "$sock"; then
      if [ -S "$sock" ]; then need+="access to $sock; "; else need+="an engine answering on $sock; "; fi
    fi
  done
  if [ -n "$need" ]; then
    echo "engines.sh needs root to provide what is missing: ${need%; }" >&2
    exit 1
  fi
  echo "$DOCKER_SOCK"; echo "$PODMAN_SOCK"; exit 0
fi

if [ -n "$missing" ]; then
  command -v apt-get >/dev/null 2>&1 || { echo "engines.sh installs with apt-get (Debian); missing: $missing" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
mkdir -p "$LOG_DIR"

# --- Docker ---------------------------------------------------------------------------------
# default-ulimits keeps every container's nofile within what this host may grant.
mkdir -p /etc/docker
daemon_json=/etc/docker/daemon.json
want_json="{\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Soft\": $hard_nofile, \"Hard\": $hard_nofile}}}"
if [ ! -f "$daemon_json" ]; then
  echo "$want_json" >"$daemon_json"
elif ! grep -q default-ulimits "$daemon_json"; then
  echo "note: $daemon_json exists without default-ulimits; leaving it alone (the driver sets nofile per container)" >&2
fi
if ! answers "$DOCKER_SOCK"; then
  # dockerd refuses to start while a stale pid file names a dead process.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then rm -f /var/run/docker.pid; fi
  dockerd_bin=$(PATH="$PATH:/usr/sbin:/sbin" command -v dockerd) || { echo "dockerd is not installed (package docker.io)" >&2; exit 1; }
  # Started from / so the daemon holds no working directory in a checkout that may be deleted later.
  (cd / && exec nohup "$dockerd_bin" >>"$LOG_DIR/dockerd.log" 2>&1) &
  wait_for "$DOCKER_SOCK" dockerd "$LOG_DIR/dockerd.log" $!
fi

# --- Podman ---------------------------------------------------------------------------------
conf=/etc/containers/containers.conf
mkdir -p /etc/containers
want_conf="# managed by warren engines.sh (rewritten when it differs)
[containers]
# Containers must not ask for more than the host hard limits (no CAP_SYS_RESOURCE here);
# Podman otherwise asks for nofile and nproc far above them and runc fails with EPERM.
default_ulimits = [\"nofile=$hard_nofile:$hard_nofile\", \"nproc=$hard_nproc:$hard_nproc\"]

[engine]
# crun refuses cgroups in hybrid mode on these machines; runc works.
runtime = \"runc\""
conf_changed=false
if [ "$(cat "$conf" 2>/dev/null || true)" != "$want_conf" ]; then
  if [ -f "$conf" ] && ! grep -q '^# managed by warren engines.sh' "$conf"; then cp "$conf" "$conf.before-warren"; fi
  printf '%s\n' "$want_conf" >"$conf"
  conf_changed=true
fi
pid_file=$LOG_DIR/podman-service.pid
# The service reads containers.conf once; restart the one we started when the file changed.
if $conf_changed && [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  kill "$(cat "$pid_file")"
  end=$((SECONDS + 10)); while kill -0 "$(cat "$pid_file")" 2>/dev/null && ((SECONDS < end)); do sleep 0.1; done
fi
if ! answers "$PODMAN_SOCK"; then
  mkdir -p "$(dirname "$PODMAN_SOCK")"
  rm -f "$PODMAN_SOCK"
  # From /: conmon fails ("Failed to get working directory") once the service's directory is gone.
  (cd / && exec nohup podman system service --time=0 "unix://$PODMAN_SOCK" >>"$LOG_DIR/podman.log" 2>&1) &
  echo $! >"$pid_file"
  wait_for "$PODMAN_SOCK" "podman system service" "$LOG_DIR/podman.log" $!
fi

echo "$DOCKER_SOCK"
echo "$PODMAN_SOCK"

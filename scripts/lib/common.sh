# shellcheck shell=bash
# Helpers shared by run.sh, test.sh and scripts/*.sh. Source it; it defines functions only.
#
# Contract between scripts: a helper script that needs to hand environment to its caller prints
# lines of the form `export WARREN_NAME=value` (value quoted with printf %q) on stdout and writes
# everything else to stderr or plain stdout. `run_step` streams the output and imports those lines.

# Logs go to stderr so stdout stays free for `export` lines.
log() { printf '[warren %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# One line naming what is missing, then exit 1.
die() { printf '[warren] error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }
is_debian() { [[ -r /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1; }

# Prints `export NAME=value`, quoted for eval and still readable by people.
emit_export() {
  if [[ $2 != *"'"* ]]; then
    printf "export %s='%s'\n" "$1" "$2"
  else
    printf 'export %s=%q\n' "$1" "$2"
  fi
}

_EXPORT_LINE='^export (WARREN_[A-Za-z0-9_]+|DOCKER_HOST)='

# Runs a helper script, streams its output to stderr, and imports the WARREN_* / DOCKER_HOST
# exports it printed. Fails with the script's status.
run_step() {
  local out status
  out=$(mktemp "${TMPDIR:-/tmp}/warren-step.XXXXXX")
  # The export lines stay off the log (they may carry a throwaway password); the rest streams.
  set +e
  "$@" | tee "$out" | grep --line-buffered -vE "$_EXPORT_LINE" >&2
  status=${PIPESTATUS[0]}
  set -e
  if [[ $status -eq 0 ]]; then
    local line
    while IFS= read -r line; do
      eval "$line"
      line=${line#export }
      log "  $1 set ${line%%=*}"
    done < <(grep -E "$_EXPORT_LINE" "$out" || true)
  fi
  rm -f "$out"
  return "$status"
}

# Runs an optional helper (written elsewhere) only when it exists and is executable.
run_step_if_present() {
  local script=$1
  if [[ -x $script ]]; then
    log "running $script"
    run_step "$@"
  elif [[ -e $script ]]; then
    log "skipping $script: it is not executable"
  else
    log "skipping $script: not present"
  fi
}

# --- packages -----------------------------------------------------------------------------

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# apt-get update at most once per run, and not at all when the lists are under an hour old
# (test.sh calls several scripts that each may need packages).
apt_update_once() {
  [[ ${WARREN_APT_UPDATED:-} == 1 ]] && return 0
  if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -1) ]]; then
    log "apt-get update"
    # Wait for a concurrent apt/dpkg instead of failing on the lock.
    apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || die "apt-get update failed (no network to the Debian mirror?)"
  fi
  export WARREN_APT_UPDATED=1
}

# ensure_packages pkg... : installs the missing ones on Debian as root; otherwise names them and exits.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if ! is_root || ! is_debian; then
    die "missing packages: ${missing[*]} (install them as root: apt-get install -y ${missing[*]})"
  fi
  apt_update_once
  log "installing ${missing[*]}"
  local started=$SECONDS
  # apt's progress goes to a file: shown only when the install fails, to keep CI logs readable.
  local apt_log
  apt_log=$(mktemp "${TMPDIR:-/tmp}/warren-apt.XXXXXX")
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
      --no-install-recommends "${missing[@]}" >"$apt_log" 2>&1; then
    tail -30 "$apt_log" >&2
    die "apt-get install failed for: ${missing[*]} (full log: $apt_log)"
  fi
  rm -f "$apt_log"
  log "installed ${missing[*]} in $((SECONDS - started)) s"
}

# --- Java and Maven -------------------------------------------------------------------------

# Major version of the JDK at $1, read from its release file (no JVM start needed).
java_major() {
  local home=$1 version
  [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

is_java25() { local major; major=$(java_major "$1") && [[ $major -ge 25 ]]; }

# Sets and exports JAVA_HOME (and JAVA=$JAVA_HOME, PATH) to a JDK >= 25.
find_java25() {
  local candidate
  local candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/*25*/ /usr/lib/jvm/*/)
  for candidate in "${candidates[@]}"; do
    candidate=${candidate%/}
    if is_java25 "$candidate"; then
      _use_java "$candidate"
      return 0
    fi
  done
  # None found: Debian may offer one (Debian 12 does not; newer releases do).
  if is_root && is_debian; then
    apt_update_once
    local pkg
    for pkg in openjdk-25-jdk-headless openjdk-26-jdk-headless; do
      if apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        ensure_packages "$pkg"
        for candidate in /usr/lib/jvm/*/; do
          candidate=${candidate%/}
          if is_java25 "$candidate"; then _use_java "$candidate"; return 0; fi
        done
      fi
    done
  fi
  die "no JDK >= 25 found (set JAVA_HOME, or install Temurin 25 under /usr/lib/jvm; Debian 12 packages none)"
}

_use_java() {
  export JAVA_HOME=$1 JAVA=$1
  export PATH="$JAVA_HOME/bin:$PATH"
  log "using JDK $(java_major "$JAVA_HOME") at $JAVA_HOME"
}

# Installs Maven from Debian when missing, and sets JVM options that keep Maven 3.8's output
# clean on JDK 25 (its bundled Guice and Jansi trip the Unsafe and native-access warnings).
# They live here rather than in .mvn/jvm.config because JDK 17 refuses the first option.
ensure_maven() {
  command -v mvn >/dev/null 2>&1 || ensure_packages maven
  command -v mvn >/dev/null 2>&1 || die "mvn not found after installing maven"
  if [[ -z ${MAVEN_OPTS:-} ]]; then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  fi
}

#!/usr/bin/env bash
# Builds the in-space agent (agent/, Rust, standard library only) as a static binary and installs it at
#   build/agent/warren-agent   the server bind-mounts it read-only into every space at /.warren/agent
# The install is an atomic rename: running spaces keep the inode they mounted, and an unchanged build is not
# copied at all (so spaces started before it see no change either).
# Usage: scripts/agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust with the x86_64-unknown-linux-gnu target)"

out=build/agent
binary=agent/target/release/warren-agent
log "building the agent (cargo build --release --offline, static glibc)"
# Static glibc (static-pie): the binary depends on nothing in the image, so busybox, Debian and musl images all run it.
( cd agent && RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --offline --quiet ) >&2 ||
  die "the agent does not build (cd agent && cargo build --release --offline)"
[[ -x $binary ]] || die "cargo finished but $binary is missing"
linkage=$(ldd "$binary" 2>&1 || true)
[[ $linkage == *"not a dynamic executable"* || $linkage == *"statically linked"* ]] ||
  die "$binary is not static (ldd says: $linkage)"

mkdir -p "$out"
if cmp -s "$binary" "$out/warren-agent"; then
  log "agent unchanged at $(pwd)/$out/warren-agent"
  exit 0
fi
staging=$(mktemp "$out/.warren-agent.XXXXXX")
trap 'rm -f "$staging"' EXIT
cp "$binary" "$staging"
chmod 0755 "$staging"
mv -f "$staging" "$out/warren-agent"
trap - EXIT
log "agent ready in $(pwd)/$out/warren-agent ($(du -k "$out/warren-agent" | cut -f1) KiB, static)"

#!/usr/bin/env bash
# Builds warren-base:latest OFFLINE (no registry is reachable here) into Docker and Podman.
# The rootfs is busybox-static + Debian's bash + the glibc libraries a jlink'ed JRE mounted into the
# container needs. Idempotent: an engine is skipped when its image carries the same recipe label.
set -euo pipefail

IMAGE=${WARREN_BASE_IMAGE:-warren-base:latest}
LABEL_KEY=dev.warren.base.recipe
ENGINES=${WARREN_BASE_ENGINES:-"docker podman"}
MULTIARCH=x86_64-linux-gnu
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Libraries besides bash's own: what libjvm.so and libjava/libnet/libzip link against, plus libgcc_s
# (glibc dlopens it for thread cancellation/unwinding) and libresolv (DNS from Java's libnet).
JRE_LIBS=(libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libz.so.1 libgcc_s.so.1 libresolv.so.2 libutil.so.1)

for tool in busybox ldd dpkg-query sha256sum tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "base-image.sh needs $tool (run scripts/engines.sh first)" >&2; exit 1; }
done
[ -x /bin/busybox ] && file_is_static=$(ldd /bin/busybox 2>&1 || true)
case "${file_is_static:-}" in *"not a dynamic"*|*"statically linked"*) ;; *) echo "base-image.sh needs busybox-static at /bin/busybox" >&2; exit 1;; esac

# The recipe: this script plus the exact versions of the Debian packages copied in.
pkg_versions=$(dpkg-query -W -f='${Package}=${Version}\n' busybox-static bash libc6 zlib1g libtinfo6 libgcc-s1 | sort)
recipe=$( { cat "$HERE/base-image.sh"; echo "$pkg_versions"; } | sha256sum | cut -c1-16)

needs_build() { # engine
  local have
  have=$("$1" image inspect --format "{{ index .Config.Labels \"$LABEL_KEY\" }}" "$IMAGE" 2>/dev/null || true)
  [ "$have" != "$recipe" ]
}

todo=()
for engine in $ENGINES; do
  command -v "$engine" >/dev/null 2>&1 || { echo "base-image.sh: $engine CLI is missing (run scripts/engines.sh)" >&2; exit 1; }
  if needs_build "$engine"; then todo+=("$engine"); else echo "$engine: $IMAGE is up to date (recipe $recipe)"; fi
done
[ ${#todo[@]} -eq 0 ] && exit 0

work=$(mktemp -d /tmp/warren-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,root,home,dev,proc,sys,run,var/tmp,lib/$MULTIARCH,lib64,usr/lib,workspace}
chmod 1777 "$root/var/tmp"; mkdir -m 1777 "$root/tmp"; chmod 700 "$root/root"
# One bin directory: /usr/bin, /sbin and /usr/sbin point at it so any script path works.
ln -s ../bin "$root/usr/bin"; ln -s bin "$root/sbin"; ln -s ../bin "$root/usr/sbin"
ln -s ../lib "$root/usr/lib/$MULTIARCH" 2>/dev/null || true

cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || [ "$applet" = bash ] || ln -sf busybox "$root/bin/$applet"
done

copy_lib() { # absolute path on the host; copied dereferenced to the same path in the rootfs
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}
cp -L "$(command -v bash)" "$root/bin/bash"
for lib in $(ldd "$(command -v bash)" | awk '/=>/ {print $3} /^\s*\/lib/ {print $1}'); do copy_lib "$lib"; done
for name in "${JRE_LIBS[@]}"; do copy_lib "/lib/$MULTIARCH/$name"; done
copy_lib /lib64/ld-linux-x86-64.so.2

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
# The engines bind-mount these at start; empty files keep images usable by runc directly too.
: >"$root/etc/hostname"; : >"$root/etc/hosts"; : >"$root/etc/resolv.conf"
printf 'export PS1='"'"'\\u@\\h:\\w\\$ '"'"'\n' >"$root/etc/profile"

# Smoke test the rootfs before importing: bash and its libraries resolve inside it.
if command -v chroot >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  chroot "$root" /bin/bash -c 'echo ok' >/dev/null || { echo "bash does not run inside the built rootfs" >&2; exit 1; }
fi

tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$work/rootfs.tar" .
# No dev.warren.managed label on the image: containers inherit image labels, and a container someone runs
# from this image by hand must not look like one warren created (cleanup would remove it).
for engine in "${todo[@]}"; do
  "$engine" import \
    --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/bin' \
    --change "LABEL $LABEL_KEY=$recipe" \
    "$work/rootfs.tar" "$IMAGE" >/dev/null 2>"$work/import.log" || { cat "$work/import.log" >&2; exit 1; }
  echo "$engine: imported $IMAGE (recipe $recipe)"
done

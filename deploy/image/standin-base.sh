#!/usr/bin/env bash
# A stand-in for docker.io/library/python:3.11-slim, for machines that cannot reach Docker Hub:
# Debian bookworm (minbase) with Python 3.11, venv and pip, made with debootstrap and imported under
# the official name, so deploy/docker/Dockerfile builds unchanged. For checking the image here only:
# what is deployed builds on the official base.
#
#   deploy/image/standin-base.sh ENGINE     # ENGINE: docker, podman or buildah (the one that builds)
#
# The root filesystem is made once and kept as a tarball in the cache folder (MOTCUA_CACHE_DIR,
# default ~/.cache/motcua); later runs only import it. Needs root (debootstrap) and Debian's archive.
set -euo pipefail

ENGINE=${1:?usage: standin-base.sh docker|podman|buildah}
BASE=docker.io/library/python:3.11-slim
SUITE=bookworm
PACKAGES=python3.11,python3.11-venv,python3-pip,ca-certificates
MIRROR=${MOTCUA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${MOTCUA_CACHE_DIR:-$HOME/.cache/motcua}
HOST_CA=/etc/ssl/certs/ca-certificates.crt
# The tarball's name carries the recipe, so a changed recipe builds a new one.
RECIPE_ID=$(printf '%s\n' 2 "$SUITE" "$PACKAGES" | sha256sum | cut -c1-12)
TARBALL="$CACHE/python-3.11-slim-standin-$SUITE-$RECIPE_ID.tar"

fail() { echo "standin-base: $*" >&2; exit 1; }

make_rootfs() {
  command -v debootstrap >/dev/null || fail "debootstrap not found (apt-get install debootstrap)"
  [ "$(id -u)" = 0 ] || fail "debootstrap needs root"
  [ -r "$HOST_CA" ] || fail "$HOST_CA not found: the host's CA bundle is copied into the base"
  mkdir -p "$CACHE"
  local work
  work=$(mktemp -d "$CACHE/standin.XXXXXX")
  # shellcheck disable=SC2064  # expand now: the trap must remove this very folder
  trap "rm -rf '$work'" EXIT
  echo "standin-base: debootstrap $SUITE ($PACKAGES) from $MIRROR"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$work/rootfs" "$MIRROR" \
    > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
  local root="$work/rootfs"
  # The official image's Python is the system's and pip installs into it: no PEP 668 guard.
  rm -f "$root"/usr/lib/python3.11/EXTERNALLY-MANAGED
  ln -sf /usr/bin/python3.11 "$root/usr/local/bin/python"
  ln -sf /usr/bin/python3.11 "$root/usr/local/bin/python3"
  ln -sf /usr/bin/pip3 "$root/usr/local/bin/pip"
  # Downloads here may pass a TLS proxy with its own CA: the host's bundle trusts it.
  cp "$HOST_CA" "$root/etc/ssl/certs/host-ca-certificates.crt"
  printf '[global]\ncert = /etc/ssl/certs/host-ca-certificates.crt\n' > "$root/etc/pip.conf"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  tar -C "$root" -cf "$TARBALL.partial" . && mv "$TARBALL.partial" "$TARBALL"
  echo "standin-base: cached $TARBALL ($(du -h "$TARBALL" | cut -f1))"
}

import_tarball() {
  local changes=(--change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]')
  case "$ENGINE" in
    docker|podman) "$ENGINE" import "${changes[@]}" "$TARBALL" "$BASE" >/dev/null ;;
    buildah)
      if command -v podman >/dev/null; then  # same image store as buildah
        podman import "${changes[@]}" "$TARBALL" "$BASE" >/dev/null; return
      fi
      # buildah alone has no import: a scratch container with the tree, committed
      local ctr
      ctr=$(buildah from scratch)
      buildah add "$ctr" "$TARBALL" / >/dev/null \
        && buildah config --env LANG=C.UTF-8 --cmd python3 "$ctr" \
        && buildah commit --rm "$ctr" "$BASE" >/dev/null \
        || { buildah rm "$ctr" >/dev/null; return 1; } ;;
    *) fail "unknown engine $ENGINE" ;;
  esac
}

[ -s "$TARBALL" ] || make_rootfs
echo "standin-base: importing $TARBALL as $BASE ($ENGINE)"
import_tarball || fail "could not import $TARBALL as $BASE with $ENGINE"

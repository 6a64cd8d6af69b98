#!/usr/bin/env bash
# `make image`: build deploy/docker/Dockerfile as motcua/services:dev with the engine this machine
# has (deploy/image/engine.sh): docker, else buildah with chroot isolation (no daemon, no cgroups),
# else podman. When the python:3.11-slim base is not in the local store and Docker Hub cannot be
# reached, a stand-in is made from Debian (deploy/image/standin-base.sh, built once, then cached).
# Layers are cached, so a rebuild after a code change reinstalls no dependency. Docker format: the OCI
# format has no HEALTHCHECK.
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE=${MOTCUA_IMAGE:-motcua/services:dev}
BASE=docker.io/library/python:3.11-slim
DOCKERFILE=deploy/docker/Dockerfile

fail() { echo "make image: $*" >&2; exit 1; }

engine=$(bash deploy/image/engine.sh build) || fail "no engine to build with (see above)"

image_id() {  # the id of an image in the engine's store, empty when absent
  case "$engine" in
    buildah) buildah inspect --type image --format '{{.FromImageID}}' "$1" 2>/dev/null || true ;;
    *) "$engine" image inspect --format '{{.Id}}' "$1" 2>/dev/null || true ;;
  esac
}

docker_hub_reachable() {
  local code
  code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' https://registry-1.docker.io/v2/ 2>/dev/null) || return 1
  [ "$code" = 401 ] || [ "$code" = 200 ]
}

started=$SECONDS
if [ -z "$(image_id "$BASE")" ]; then
  if docker_hub_reachable; then
    echo "make image: pulling $BASE"
    "$engine" pull "$BASE" || fail "could not pull $BASE"
  else
    echo "make image: $BASE is not here and Docker Hub cannot be reached: building a stand-in from Debian"
    bash deploy/image/standin-base.sh "$engine" || fail "no base image (see above)"
  fi
  echo "make image: base ready in $((SECONDS - started)) s"
fi

previous=$(image_id "$IMAGE")
build_started=$SECONDS
echo "make image: building $IMAGE from $DOCKERFILE with $engine"
case "$engine" in
  docker) docker build -f "$DOCKERFILE" -t "$IMAGE" . ;;
  buildah) buildah bud --isolation chroot --pull=never --network=host --layers --force-rm --format docker \
             -f "$DOCKERFILE" -t "$IMAGE" . ;;
  podman) podman build --isolation chroot --pull=never --network=host --layers --force-rm --format docker \
            -f "$DOCKERFILE" -t "$IMAGE" . ;;
  *) fail "unknown engine $engine" ;;
esac || fail "the build failed (output above)"

current=$(image_id "$IMAGE")
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  # The image this tag named before is now unnamed: drop it (it stays when something still uses it).
  case "$engine" in buildah) buildah rmi "$previous" ;; *) "$engine" rmi "$previous" ;; esac >/dev/null 2>&1 || true
fi

case "$engine" in
  buildah) size=$(buildah images --format '{{.Size}}' "$IMAGE" | head -1) ;;
  *) size=$("$engine" image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=si --suffix=B) ;;
esac
echo "make image: built $IMAGE (${current:0:12}) in $((SECONDS - build_started)) s" \
     "($((SECONDS - started)) s with the base); size $size"

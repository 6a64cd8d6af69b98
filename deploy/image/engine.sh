#!/usr/bin/env bash
# Which container engine this machine has: prints docker, podman or buildah.
#   engine.sh build   # the engine that builds deploy/docker/Dockerfile
#   engine.sh run     # the engine that runs the image (image-check)
# MOTCUA_IMAGE_ENGINE forces one. Docker counts only when its daemon answers (`docker info`).
# Podman runs containers only where it can set cgroups and rlimits (not in every VM or container):
# it is tried with a real run; where it fails, `buildah run --isolation chroot` runs the processes.
set -uo pipefail

PURPOSE=${1:?usage: engine.sh build|run}
BASE=docker.io/library/python:3.11-slim

if [ -n "${MOTCUA_IMAGE_ENGINE:-}" ]; then
  echo "$MOTCUA_IMAGE_ENGINE"; exit 0
fi
if command -v docker >/dev/null && timeout 20 docker info >/dev/null 2>&1; then
  echo docker; exit 0
fi
if [ "$PURPOSE" = run ] && command -v podman >/dev/null \
   && timeout 60 podman run --rm --pull=never --network host "$BASE" true >/dev/null 2>&1; then
  echo podman; exit 0
fi
if command -v buildah >/dev/null; then
  echo buildah; exit 0
fi
if [ "$PURPOSE" = build ] && command -v podman >/dev/null; then
  echo podman; exit 0
fi
echo "no container engine: need docker (with its daemon running), podman or buildah" \
     "(apt-get install buildah podman debootstrap)" >&2
exit 1

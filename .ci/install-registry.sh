#!/usr/bin/env bash
# Installs what tests/registry.rs needs: the CNCF distribution registry as
# Debian packages it (`docker-registry`). The tests start their own registry
# process on 127.0.0.1 with a throwaway config, so nothing is started here;
# the package's own service (which would listen on :5000 on every interface)
# is kept from starting. Idempotent: does nothing when the binary is there.
# Run as root, or as a user with passwordless sudo, on Debian or Ubuntu.
set -euo pipefail

if command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ]; then
  echo "docker-registry already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  echo "install-registry: need root (or sudo) to apt-get install docker-registry" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-registry: apt-get not found; install the CNCF distribution registry as 'docker-registry' on PATH" >&2
  exit 1
fi

# policy-rc.d exit 101 tells invoke-rc.d not to start services during the
# install. Only add one if none exists, and only remove the one we added.
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  ADDED_POLICY=1
fi
cleanup() {
  if [ "$ADDED_POLICY" -eq 1 ]; then "${SUDO[@]}" rm -f "$POLICY"; fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends docker-registry >/dev/null

# Where systemd runs, make sure the packaged service is neither running nor
# enabled: the tests never use it.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  "${SUDO[@]}" systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
fi

if ! command -v docker-registry >/dev/null 2>&1 && [ ! -x /usr/bin/docker-registry ]; then
  echo "install-registry: docker-registry still missing after apt-get install" >&2
  exit 1
fi
echo "docker-registry installed: $(docker-registry --version 2>/dev/null || echo /usr/bin/docker-registry)"

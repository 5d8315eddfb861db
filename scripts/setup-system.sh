#!/usr/bin/env bash
# Installs the Debian packages the tests use, when missing: chromium (the docs checked in a real
# browser), docker.io (a private Docker Engine for the daemon tests), busybox-static (the root file
# system of the test image) and openssl (self-signed certificates for the TLS tests). Needs root.
# Nothing else is downloaded.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
if ((${#need[@]})); then
  echo "setup-system: installing ${need[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
else
  echo "setup-system: chromium, docker.io, busybox-static and openssl are already installed"
fi

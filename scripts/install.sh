#!/usr/bin/env bash
# Installs what Kakehashi needs on Debian 12 (run as root) and builds the distribution.
# Idempotent: packages already present are left alone; the build is incremental.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

mapfile -t packages < <(grep -vE '^\s*(#|$)' scripts/debian-packages.txt)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${KAKEHASHI_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests install
  echo "built: ./kakehashi (distribution in cli/target/kakehashi)"
fi

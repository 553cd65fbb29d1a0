#!/usr/bin/env bash
# Installs the system packages kvbench needs, only when one is missing (idempotent).
# jemalloc is preloaded into every repetition; gperftools (tcmalloc, profiler) and SQLite are
# the other allocator and the engine's storage library; google-perftools brings google-pprof
# for the CPU profiles of `--profile cpu`. Extra package names given as arguments
# are installed the same way (`make test` adds chromium, which renders the report pages in tests).
set -euo pipefail

packages=(libjemalloc-dev libgoogle-perftools-dev google-perftools libsqlite3-dev "$@")
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "kvbench needs: ${missing[*]} (Debian/Ubuntu package names); install them with your package manager." >&2
    exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        echo "kvbench needs: ${missing[*]}; run as root or install sudo." >&2
        exit 1
    fi
fi

echo "Installing missing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian 12 packages sdsim needs, only those missing (quick when all are there).
# Usage: scripts/install-deps.sh [--tests]
set -euo pipefail
packages=(ca-certificates g++ cmake ninja-build pkg-config ccache git
          libcaf-dev libprotobuf-dev protobuf-compiler libsqlite3-dev
          libcli11-dev libfmt-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev libabsl-dev
          # the visualizer: Dear ImGui (with its GLFW and OpenGL 3 backends), GLFW, OpenGL,
          # stb (PNG screenshots), and the X libraries GLFW loads at run time
          libimgui-dev libglfw3-dev libgl-dev libstb-dev
          libxrandr2 libxcursor1 libxi6 libxinerama1)
if [[ ${1:-} == --tests ]]; then
  # the visualizer's headless test: a virtual display and Mesa's software OpenGL;
  # the TLS test makes its certificates with the openssl tool; the cost gate counts with
  # valgrind (whose headers let the build mark a run's phases)
  packages+=(sqlite3 xvfb xauth libgl1-mesa-dri openssl valgrind)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

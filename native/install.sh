#!/usr/bin/env bash
# Installs the pinned native libraries for this machine into native/build/ (idempotent, cached).
#   native/build/llama/   llama.cpp + ggml (+ CPU backend variants) from @node-llama-cpp/<platform>
#   native/build/whisper/ whisper.cpp + its own ggml, compiled from pinned source (native/whisper/build.sh)
# Set MLXGGUF_GPU=cuda on Linux x64 to take the CUDA build instead of the CPU one.
# Nothing is downloaded except from the npm registry; versions are pinned by the package-lock.json files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

os="$(uname -s)"; arch="$(uname -m)"
case "$os/$arch" in
  Linux/x86_64)  pkg_dir="." ; pkg="@node-llama-cpp/linux-x64"; bins="linux-x64" ;;
  Darwin/arm64)  pkg_dir="." ; pkg="@node-llama-cpp/mac-arm64-metal"; bins="mac-arm64-metal" ;;
  *) echo "native/install.sh: no pinned llama.cpp build for $os/$arch" >&2; exit 1 ;;
esac
# whisper.cpp has no usable prebuilt library here; it is compiled from the pinned source (cached).
"$here/whisper/build.sh"

if [[ "${MLXGGUF_GPU:-}" == "cuda" ]]; then
  [[ "$os/$arch" == "Linux/x86_64" ]] || { echo "native/install.sh: CUDA build is for Linux x64 only" >&2; exit 1; }
  pkg_dir="cuda"; pkg="@node-llama-cpp/linux-x64-cuda"; bins="linux-x64-cuda"
fi

stamp="build/llama/.installed"
want="$pkg $(sha256sum "$pkg_dir/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

command -v npm >/dev/null || { echo "native/install.sh: npm is required (apt-get install nodejs npm)" >&2; exit 1; }
(cd "$pkg_dir" && npm ci --no-audit --no-fund --loglevel=error)
src="$pkg_dir/node_modules/$pkg/bins/$bins"
[[ -d "$src" ]] || { echo "native/install.sh: $src missing after npm ci" >&2; exit 1; }

rm -rf build/llama
mkdir -p build/llama
# The Node addon and llama-common are not used through JNA.
for f in "$src"/*; do
  case "$(basename "$f")" in
    *.node|libllama-common.*|_nlcBuildMetadata.json) ;;
    *) cp -p "$f" build/llama/ ;;
  esac
done
cp -p "$src/_nlcBuildMetadata.json" build/llama/build-metadata.json 2>/dev/null || true
echo "$want" > "$stamp"
echo "native/install.sh: installed $pkg into native/build/llama"

#!/usr/bin/env bash
# Builds libwhisper (whisper.cpp 1.9.1, the source carried by the pinned npm package nodejs-whisper@0.3.1)
# into native/build/whisper/ (called by native/install.sh; idempotent, cached by a stamp).
#
#   Linux x86_64: CPU only, shared, portable: GGML_NATIVE=OFF, no OpenMP, RUNPATH exactly $ORIGIN, and
#                 GGML_BACKEND_DL=ON so the engine loads the CPU backend with ggml_backend_load_all_from_path.
#                 By default one CPU backend with the AVX2/FMA/F16C baseline (x86-64-v3, quick to build);
#                 MLXGGUF_WHISPER_CPU=all builds every x86 variant instead (about 3x the build time) and ggml
#                 picks the best one for the CPU at run time.
#   macOS arm64:  Metal (shader library embedded) + CPU, shared, install names @rpath, rpath @loader_path.
#   other Linux:  CPU only, shared, GGML_BACKEND_DL=ON with all variants the architecture knows.
#
# The output holds only the real library files, each named by its soname (what the dynamic linker looks
# for), so copying the folder never duplicates libraries through symlinks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
native="$(cd "$here/.." && pwd)"
out="$native/build/whisper"
work="$native/build/whisper-cmake"
cpu_mode="${MLXGGUF_WHISPER_CPU:-baseline}"
os="$(uname -s)"; arch="$(uname -m)"

flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON
       -DWHISPER_BUILD_EXAMPLES=OFF -DWHISPER_BUILD_TESTS=OFF -DWHISPER_BUILD_SERVER=OFF
       -DWHISPER_SDL2=OFF -DWHISPER_CURL=OFF -DGGML_CCACHE=OFF -DGGML_OPENMP=OFF -DGGML_NATIVE=OFF)
case "$os/$arch" in
  Linux/x86_64)
    flags+=(-DGGML_BACKEND_DL=ON -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON '-DCMAKE_INSTALL_RPATH=$ORIGIN')
    if [[ "$cpu_mode" == "all" ]]; then
      flags+=(-DGGML_CPU_ALL_VARIANTS=ON)
    else
      flags+=(-DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON)
    fi ;;
  Linux/*)
    flags+=(-DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON '-DCMAKE_INSTALL_RPATH=$ORIGIN') ;;
  Darwin/arm64)
    flags+=(-DGGML_METAL=ON -DGGML_METAL_EMBED_LIBRARY=ON -DGGML_BLAS=OFF -DGGML_BACKEND_DL=OFF
            -DCMAKE_MACOSX_RPATH=ON -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON -DCMAKE_INSTALL_RPATH=@loader_path
            -DCMAKE_OSX_ARCHITECTURES=arm64) ;;
  *) echo "native/whisper/build.sh: no whisper build for $os/$arch" >&2; exit 1 ;;
esac

stamp="$out/.built"
want="$(cat "$here/package-lock.json" "$here/build.sh" | sha256sum | cut -d' ' -f1) $os/$arch $cpu_mode"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

command -v npm >/dev/null || { echo "native/whisper/build.sh: npm is required" >&2; exit 1; }
command -v cmake >/dev/null || { echo "native/whisper/build.sh: cmake is required" >&2; exit 1; }
# --ignore-scripts: only the C/C++ source is used; the package's own install scripts never run.
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
src="$here/node_modules/nodejs-whisper/cpp/whisper.cpp"
[[ -f "$src/include/whisper.h" ]] || { echo "native/whisper/build.sh: $src missing after npm ci" >&2; exit 1; }

jobs="$( (command -v nproc >/dev/null && nproc) || sysctl -n hw.ncpu 2>/dev/null || echo 2)"
start=$SECONDS
# A fresh configure each time: the flags (and so the stamp) changed, and a stale cache would keep old ones.
mkdir -p "$work"
rm -f "$work/CMakeCache.txt"
cmake -S "$src" -B "$work" "${flags[@]}" >"$work.configure.log" 2>&1 \
  || { cat "$work.configure.log" >&2; exit 1; }
cmake --build "$work" --config Release -j "$jobs" >"$work.build.log" 2>&1 \
  || { tail -n 60 "$work.build.log" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
soname() {
  case "$os" in
    Darwin) basename "$(otool -D "$1" | tail -n 1)" ;;
    *) local s; s="$(readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"; echo "${s:-$(basename "$1")}" ;;
  esac
}
shopt -s nullglob
# whisper.cpp puts every shared library in bin/. libparakeet (another ASR model family) is not used.
for f in "$work"/bin/lib*.so* "$work"/bin/lib*.dylib; do
  [[ -L "$f" || ! -f "$f" || "$(basename "$f")" == libparakeet* ]] && continue
  cp -p "$f" "$out/$(soname "$f")"
done
[[ -n "$(ls "$out" | grep -E '^libwhisper\.')" ]] || { echo "native/whisper/build.sh: no libwhisper built" >&2; exit 1; }
echo "$want" > "$stamp"
echo "native/whisper/build.sh: built whisper.cpp 1.9.1 into native/build/whisper in $((SECONDS - start)) s"

#!/usr/bin/env bash
# Assembles the mlx-gguf-server runtime image (called by Maven in the package phase).
#   usage: jlink/build-image.sh <modules-dir> <native-root> <output-dir>
# <modules-dir> holds the project's and its dependencies' module jars; <native-root> is native/build.
# The image gets: the JDK modules it needs, our modules (server, host, engines), the pinned native
# libraries under lib/native/, JNA's dispatch library under lib/ (nothing is unpacked at run time),
# and the launch script bin/mlx-gguf-server.
set -euo pipefail
mods="$1"; native="$2"; out="$3"
here="$(cd "$(dirname "$0")" && pwd)"
: "${JAVA_HOME:?JAVA_HOME must point to JDK 25}"

rm -rf "$out"
"$JAVA_HOME/bin/jlink" \
  --module-path "$mods" \
  --add-modules dev.mlxgguf.server,dev.mlxgguf.bench,dev.mlxgguf.host,dev.mlxgguf.engine.gguf,dev.mlxgguf.engine.mlx,dev.mlxgguf.engine.whisper,org.eclipse.parsson,org.slf4j.jul,jdk.incubator.vector \
  --strip-debug --no-header-files --no-man-pages --compress zip-6 \
  --output "$out"

[[ -d "$native/llama" ]] || { echo "build-image.sh: $native/llama missing; run native/install.sh" >&2; exit 1; }
mkdir -p "$out/lib/native/llama"
cp -p "$native/llama/"lib* "$out/lib/native/llama/"
if [[ -d "$native/whisper" ]]; then
  mkdir -p "$out/lib/native/whisper"
  cp -p "$native/whisper/"lib* "$out/lib/native/whisper/"
fi

jna_jar="$(ls "$mods"/jna-jpms-*.jar | head -n 1)"
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64)  entry="com/sun/jna/linux-x86-64/libjnidispatch.so" ;;
  Linux/aarch64) entry="com/sun/jna/linux-aarch64/libjnidispatch.so" ;;
  Darwin/arm64)  entry="com/sun/jna/darwin-aarch64/libjnidispatch.jnilib" ;;
  Darwin/x86_64) entry="com/sun/jna/darwin-x86-64/libjnidispatch.jnilib" ;;
  *) echo "build-image.sh: unsupported platform" >&2; exit 1 ;;
esac
(cd "$out/lib" && "$JAVA_HOME/bin/jar" xf "$jna_jar" "$entry" && mv "$entry" . && rm -rf com)

install -m 0755 "$here/launcher/mlx-gguf-server" "$out/bin/mlx-gguf-server"
echo "build-image.sh: image at $out ($(du -sh "$out" | cut -f1))"

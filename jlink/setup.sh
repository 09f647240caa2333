#!/usr/bin/env bash
# Prepares a machine to build and run mlx-gguf-server; sourced by jlink/run.sh and jlink/test.sh.
#  - selects JDK 25 (JAVA_HOME if it is 25, else a JDK 25 found in the usual places),
#  - installs missing build tools (maven, npm, cmake, g++) and ffmpeg with apt-get (Debian/Ubuntu, as root or with sudo),
#  - installs the pinned native libraries (native/install.sh: npm, cached).
# Exports JAVA_HOME and PATH. Fails with a clear message when something cannot be provided.

mlxgguf_fail() { echo "setup: $*" >&2; exit 1; }

mlxgguf_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

mlxgguf_select_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25* /opt/jdk-25* "$HOME"/.sdkman/candidates/java/25*)
  if [[ -x /usr/libexec/java_home ]]; then
    candidates+=("$(/usr/libexec/java_home -v 25 2>/dev/null || true)")
  fi
  local c
  for c in "${candidates[@]}"; do
    if [[ -n "$c" && -x "$c/bin/javac" && -x "$c/bin/jlink" && "$(mlxgguf_java_major "$c")" == "25" ]]; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  mlxgguf_fail "JDK 25 not found. Install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it."
}

mlxgguf_apt_install() {
  local missing=("$@")
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null || mlxgguf_fail "missing: ${missing[*]} (install them; apt-get is not available here)"
  local sudo=""
  [[ "$(id -u)" != "0" ]] && sudo="sudo"
  echo "setup: installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || mlxgguf_fail "apt-get install ${missing[*]} failed"
}

mlxgguf_setup() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  mlxgguf_select_jdk
  local need=()
  command -v mvn >/dev/null || need+=(maven)
  command -v npm >/dev/null || need+=(npm)
  # whisper.cpp is compiled from source by native/install.sh; ffmpeg decodes non-WAV uploads at run time.
  command -v cmake >/dev/null || need+=(cmake)
  command -v g++ >/dev/null || need+=(g++)
  command -v ffmpeg >/dev/null || need+=(ffmpeg)
  mlxgguf_apt_install "${need[@]}"
  "$root/native/install.sh" || mlxgguf_fail "native libraries could not be installed"
}

mlxgguf_setup

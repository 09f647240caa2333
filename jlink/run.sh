#!/usr/bin/env bash
# Builds everything (JDK 25, native libraries, all modules, the jlink runtime image) and starts the
# server on 127.0.0.1:4000 serving ./models. Arguments are passed to the server (see --help).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=jlink/setup.sh
source "$root/jlink/setup.sh"
mvn -B -q -DskipTests install
exec "$root/jlink/target/image/bin/mlx-gguf-server" "$@"

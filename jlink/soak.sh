#!/usr/bin/env bash
# Soak run (not part of the test suite): the runtime image under 8 clients mixing streams, non-streams, cancels,
# transcriptions, loads and unloads, with a host SIGKILLed every 15 to 30 s; reports lost requests, the server's
# RSS and open file descriptors over time, and orphan hosts (Linux: reads /proc).
#   jlink/soak.sh [MINUTES] [CLIENTS] [WORK_DIR]      (defaults: 30, 8, a new temporary folder)
# Exits 0 only if no request was lost, RSS and descriptors ended within 10 % of their post-warm-up values, and no
# host outlived the server. Figures go in docs/RELIABILITY.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=jlink/setup.sh
source "$root/jlink/setup.sh"
minutes="${1:-30}"
clients="${2:-8}"
work="${3:-$(mktemp -d -t mlxgguf-soak.XXXXXX)}"
image="$root/jlink/target/image"
if [[ ! -x "$image/bin/mlx-gguf-server" || ! -d "$root/modules/testkit/target/classes/dev" ]]; then
  (cd "$root" && mvn -B -q install -DskipTests)
fi
echo "soak: $minutes min, $clients clients, work folder $work" >&2
# The image's runtime has the JSON and HTTP client modules the soak driver needs; the driver comes from testkit.
exec "$image/bin/java" -p "$root/modules/testkit/target/classes" \
  -m dev.mlxgguf.testkit/dev.mlxgguf.testkit.soak.SoakMain "$image" "$work" "$minutes" "$clients"

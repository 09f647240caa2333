#!/usr/bin/env bash
# Writes the real-shaped random benchmark models (Qwen2.5-0.5B and Llama-3.2-1B shapes; GGUF F16/Q8_0/Q4_0,
# MLX bf16/8-bit/4-bit; about 10 GB for all) so that docs/PERFORMANCE.md can be reproduced without downloads.
#   jlink/bench-models.sh [DIR] [qwen,llama] [f16,q8_0,q4_0,bf16,8bit,4bit]
# DIR defaults to models/bench. Models already present are kept.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=jlink/setup.sh
source "$root/jlink/setup.sh"
dir="${1:-$root/models/bench}"
if [[ ! -d "$root/modules/testkit/target/classes/dev" ]]; then
  (cd "$root" && mvn -q -pl modules/testkit -am install -DskipTests)
fi
# testkit's own dependencies (the JSON stack) go on the module path with it
deps="$root/modules/testkit/target/module-path.txt"
if [[ ! -s "$deps" ]]; then
  (cd "$root" && mvn -q -o -pl modules/testkit dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$deps")
fi
exec "$JAVA_HOME/bin/java" -p "$root/modules/testkit/target/classes:$(cat "$deps")" -m dev.mlxgguf.testkit/dev.mlxgguf.testkit.BenchModelsMain \
  "$dir" "${2:-qwen,llama}" "${3:-f16,q8_0,q4_0,bf16,8bit,4bit}"

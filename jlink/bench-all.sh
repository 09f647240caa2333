#!/usr/bin/env bash
# Runs the published benchmark (docs/PERFORMANCE.md): starts the runtime image's server over a folder of
# benchmark models (jlink/bench-models.sh writes them), then for each model loads it into slot 0, runs
# `mlx-gguf-server bench` at concurrency 1,4,8 and unloads it. Reports go to OUT/<model>.json|.md.
#   jlink/bench-all.sh [MODELS_DIR] [OUT_DIR]
# Environment: BENCH_MODELS (space-separated names, default: every model in MODELS_DIR),
#   BENCH_ARGS (extra bench options, default "--requests 8 --prompt-tokens 128 --max-tokens 32"),
#   SERVER_ARGS (extra server flags, default "--threads 2"), BENCH_PORT (default 4123).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="$(cd "${1:-$root/models/bench}" && pwd)"
out="${2:-$root/target/bench}"
port="${BENCH_PORT:-4123}"
bin="$root/jlink/target/image/bin/mlx-gguf-server"
[[ -x "$bin" ]] || { echo "build the image first: jlink/run.sh or mvn -pl jlink package" >&2; exit 1; }
mkdir -p "$out"
# shellcheck disable=SC2086
"$bin" -p "$port" --models-dir "$models" --kv-cache-dir "$out/kv" ${SERVER_ARGS:---threads 2} >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
names="${BENCH_MODELS:-$(ls "$models" | grep -v '^\.')}"
for name in $names; do
  echo "== $name" >&2
  curl -sf -X POST "http://127.0.0.1:$port/v1/internal/model/load" -H 'X-Model-Id: 0' \
    -d "{\"llm_model_name\": \"$name\"}" >/dev/null || { echo "load of $name failed" >&2; continue; }
  # shellcheck disable=SC2086
  "$bin" bench --url "http://127.0.0.1:$port" --slot 0 --concurrency 1,4,8 \
    ${BENCH_ARGS:---requests 8 --prompt-tokens 128 --max-tokens 32} --output "$out/$name" >/dev/null || true
  curl -sf -X POST "http://127.0.0.1:$port/v1/internal/model/unload" -H 'X-Model-Id: 0' >/dev/null || true
done

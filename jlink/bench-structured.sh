#!/usr/bin/env bash
# Measures what structured outputs cost (docs/PERFORMANCE.md): starts the runtime image's server over a folder
# of benchmark models (jlink/bench-models.sh writes them) and, per model, runs `mlx-gguf-server bench` at
# concurrency 1 without a response format and with each jlink/bench/response-format-*.json, interleaved over
# ROUNDS rounds after one constrained warm-up request (the first one builds the vocabulary's byte trie).
# Prints the engine decode tokens/s (p50) of each run and the ratio to the unconstrained runs of the same round.
#   jlink/bench-structured.sh [MODELS_DIR] [OUT_DIR]
# Environment: BENCH_MODELS (default: every model in MODELS_DIR), ROUNDS (default 2),
#   BENCH_ARGS (default "--requests 8 --prompt-tokens 64 --max-tokens 128"), BENCH_PORT (default 4124).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="$(cd "${1:-$root/models/bench}" && pwd)"
out="${2:-$root/target/bench-structured}"
port="${BENCH_PORT:-4124}"
bin="$root/jlink/target/image/bin/mlx-gguf-server"
[[ -x "$bin" ]] || { echo "build the image first: jlink/run.sh or mvn -pl jlink package" >&2; exit 1; }
mkdir -p "$out"
"$bin" -p "$port" --models-dir "$models" --kv-cache-dir "$out/kv" --threads 2 >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
url="http://127.0.0.1:$port"
formats=(none)
for f in "$root"/jlink/bench/response-format-*.json; do formats+=("$(basename "$f" .json)"); done
engine_tps() { grep '^| 1 ' "$1.md" | awk -F'|' '{gsub(/ /, "", $7); print $7}'; }
for name in ${BENCH_MODELS:-$(ls "$models" | grep -v '^\.')}; do
  curl -sf -X POST "$url/v1/internal/model/load" -H 'X-Model-Id: 0' -d "{\"llm_model_name\": \"$name\"}" >/dev/null \
    || { echo "load of $name failed" >&2; continue; }
  curl -sf "$url/v1/chat/completions" -H 'X-Model-Id: 0' -d '{"messages": [{"role": "user", "content": "hi"}],
    "max_tokens": 4, "response_format": {"type": "json_object"}}' >/dev/null
  for round in $(seq 1 "${ROUNDS:-2}"); do
    base=""
    for f in "${formats[@]}"; do
      opt=()
      [[ $f != none ]] && opt=(--response-format "$root/jlink/bench/$f.json")
      # shellcheck disable=SC2086
      "$bin" bench --url "$url" --slot 0 --concurrency 1 ${BENCH_ARGS:---requests 8 --prompt-tokens 64 --max-tokens 128} \
        "${opt[@]}" --output "$out/$name-$f-$round" >/dev/null
      tps="$(engine_tps "$out/$name-$f-$round")"
      [[ $f == none ]] && base="$tps"
      echo "$name round $round $f: engine decode $tps tok/s (x$(awk -v a="$tps" -v b="$base" 'BEGIN { printf "%.2f", a / b }'))"
    done
  done
  curl -sf -X POST "$url/v1/internal/model/unload" -H 'X-Model-Id: 0' >/dev/null || true
done

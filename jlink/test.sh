#!/usr/bin/env bash
# Runs the whole test suite: unit and engine tests of every module (real llama.cpp, real host
# processes), then the acceptance tests against the freshly built runtime image.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=jlink/setup.sh
source "$root/jlink/setup.sh"
exec mvn -B verify "$@"

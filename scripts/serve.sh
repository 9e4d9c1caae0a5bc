#!/usr/bin/env bash
# Build the page and serve it on http://127.0.0.1:8080 with live rebuilds (Trunk, release, offline).
# Extra arguments go to `trunk serve`, e.g. `./scripts/serve.sh --port 8081`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

./scripts/setup.sh
echo "== serve: http://127.0.0.1:8080/"
exec trunk serve --release --offline --address 127.0.0.1 --port 8080 "$@"

#!/usr/bin/env bash
# The page benchmark (issue 13), run by hand: builds the release page and a Yew hello world the same way, serves
# both on 127.0.0.1, drives headless Chromium over fixed loads (www/e2e/bench-page.mjs) and prints frames per
# second, frame times, long tasks, JS heap, record dots moving, the first stage frame and the bundle sizes.
# Not a test: figures go to docs/performance.md with the commit they were taken at.
#
# Usage: scripts/bench-page.sh [SECONDS_PER_LOAD]     (SKIP_BUILD=1 reuses dist/ and bench/page/hello/dist/;
#        SEQUENCE_MS=1000 measures with the message sequence diagram shown over a 1 s window)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_LOAD=${1:-6}

if [ -z "${SKIP_BUILD:-}" ]; then
  trunk build --release --offline
  (cd bench/page/hello && CARGO_TARGET_DIR="$ROOT/target/yew-hello" trunk build --release --offline)
  cargo build --release --no-default-features --bin kafka-playground
fi

# The loads: two presets and the scenario files, as the links the page opens.
LOADS=$(mktemp)
trap 'rm -f "$LOADS"; kill $(jobs -p) 2>/dev/null || true' EXIT
printf 'quickstart\t#preset=quickstart\n' >>"$LOADS"
for f in bench/page/loads/*.json; do
  printf '%s\t%s\n' "$(basename "$f" .json)" "$(target/release/kafka-playground link "$f")" >>"$LOADS"
done

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
P1=$(port); P2=$(port)
(cd dist && exec python3 -m http.server "$P1" --bind 127.0.0.1 >/dev/null 2>&1) &
(cd bench/page/hello/dist && exec python3 -m http.server "$P2" --bind 127.0.0.1 >/dev/null 2>&1) &
for p in "$P1" "$P2"; do
  for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$p/')" 2>/dev/null && break; sleep 0.1; done
done

echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
node www/e2e/bench-page.mjs \
  "http://127.0.0.1:$P1/" "http://127.0.0.1:$P2/" "$LOADS" "$SECONDS_PER_LOAD"

echo
echo "Bundle (brotli -q 11)"
size() { local raw=0 br=0; for f in "$@"; do raw=$((raw + $(wc -c <"$f"))); br=$((br + $(brotli -q 11 -c "$f" | wc -c))); done; echo "$raw $br"; }
read -r OR OB < <(size dist/*.wasm dist/*.js)
read -r HR HB < <(size bench/page/hello/dist/*.wasm bench/page/hello/dist/*.js)
printf '| page | wasm + js raw | brotli |\n|---|---|---|\n'
printf '| playground | %d B | %d B |\n| Yew hello world | %d B | %d B |\n' "$OR" "$OB" "$HR" "$HB"
python3 -c "print(f'ratio: raw {$OR/$HR:.1f}x, brotli {$OB/$HB:.1f}x; budget 200 KB brotli: {\"met\" if $OB <= 200*1024 else \"not met\"}')"

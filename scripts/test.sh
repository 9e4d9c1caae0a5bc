#!/usr/bin/env bash
# Everything CI checks, in order; stops at the first failure with a non-zero exit status.
#
#   setup -> fmt -> clippy -> purity firewall -> native tests -> wasm tests in Chromium
#         -> trunk release build -> Playwright e2e against dist/ -> wasm size
#
# Knobs: E2E_PORT (default: a free port), WASM_BINDGEN_TEST_TIMEOUT (seconds, default 120),
#        SKIP_SETUP=1 (skip scripts/setup.sh, e.g. when iterating by hand).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The runner's default budget (20 s) is tight for whole preset runs in a debug wasm build.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

timings=()
run() {
  local name="$1"; shift
  printf '\n== test: %s\n   $ %s\n' "$name" "$*"
  local t0=$SECONDS status=0
  "$@" || status=$?
  timings+=("$(printf '%5ds  %s' $((SECONDS - t0)) "$name")")
  if ((status != 0)); then
    printf '\n== FAILED (exit %d): %s\n' "$status" "$name" >&2
    printf '%s\n' "${timings[@]}" >&2
    exit "$status"
  fi
}

# -------------------------------------------------------------------- e2e: serve dist/, run node --test
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

e2e() {
  local port="${E2E_PORT:-$(free_port)}" log="$ROOT/target/e2e-http.log"
  mkdir -p "$ROOT/target" "$ROOT/www/e2e/artifacts"
  rm -f "$ROOT"/www/e2e/artifacts/FAILED-*.png   # screenshots of failures from an earlier run
  python3 -m http.server --directory "$ROOT/dist" --bind 127.0.0.1 "$port" >"$log" 2>&1 &
  server_pid=$!
  # Wait (at most ~10 s) until the server answers.
  if ! python3 - "$port" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/"
for _ in range(100):
    try:
        urllib.request.urlopen(url, timeout=1).read()
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
PY
  then
    echo "static server on port $port did not start:" >&2
    cat "$log" >&2
    stop_server
    return 1
  fi
  local status=0
  BASE_URL="http://127.0.0.1:$port/" node --test --test-reporter=spec "$ROOT"/www/e2e/*.test.mjs || status=$?
  stop_server
  return "$status"
}

wasm_size() {
  local f found=0
  for f in dist/*.wasm; do
    [ -f "$f" ] || continue
    found=1
    printf '%-52s raw %9d B   brotli -q 11 %9d B\n' "$f" "$(wc -c <"$f")" "$(brotli -q 11 -c "$f" | wc -c)"
  done
  for f in dist/*.js; do
    [ -f "$f" ] || continue
    printf '%-52s raw %9d B   brotli -q 11 %9d B\n' "$f" "$(wc -c <"$f")" "$(brotli -q 11 -c "$f" | wc -c)"
  done
  ((found)) || { echo "no .wasm in dist/" >&2; return 1; }
}

# -------------------------------------------------------------------- the steps
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  run "setup"                   ./scripts/setup.sh
fi
run "rustfmt"                   cargo fmt --all -- --check
run "clippy"                    cargo clippy --all-targets -- -D warnings
run "purity firewall (no ui)"   cargo check --lib --no-default-features
run "native tests"              cargo test
run "wasm tests (Chromium)"     cargo test --target wasm32-unknown-unknown --test browser
run "trunk release build"       trunk build --release --offline
run "e2e (Playwright)"          e2e

printf '\n== timings\n'
printf '%s\n' "${timings[@]}"
printf '\n== bundle size\n'
wasm_size
printf '\n== all checks passed\n'

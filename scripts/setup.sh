#!/usr/bin/env bash
# Idempotent set-up of everything Kafka Playground needs to build, serve and test, on Debian 12
# (bookworm), using ONLY package registries (crates.io, npm, Debian apt, rustup's dist server).
# Nothing is fetched from GitHub; Trunk's own tool downloads are never used.
#
#   - apt: chromium, chromium-driver, brotli, python3 (static server), build-essential, pkg-config,
#          fonts-nanum (Hangul glyphs for the Korean screenshots; the page itself downloads no font)
#   - rustup: target wasm32-unknown-unknown, components rustfmt + clippy
#   - crates: `cargo fetch` (so `trunk build --offline` finds every crate)
#   - trunk 0.21.14            (cargo install; 0.22.x needs rustc >= 1.96.1)
#   - wasm-bindgen-cli         (cargo install; version MUST equal the wasm-bindgen in Cargo.lock;
#                               also gives wasm-bindgen-test-runner for tests/browser.rs)
#   - wasm-opt (binaryen 132)  (npm package `binaryen`, a node/wasm build; Debian's binaryen 108 is
#                               too old to parse wasm-bindgen 0.2.130 output)
#   - node >= 20               (playwright-core 1.65 needs it; Debian 12 ships 18, so if needed the
#                               npm package `node-linux-<arch>` provides the binary)
#   - www/e2e/node_modules     (`npm ci` from the committed www/e2e/package-lock.json:
#                               playwright-core, which drives /usr/bin/chromium and downloads no browser)
#
# Re-running is cheap (a few seconds): every step checks what is already there.
# Called by scripts/serve.sh and scripts/test.sh; safe to run by hand from any directory.
#
# Knobs (env vars):
#   TRUNK_VERSION (default 0.21.14)   BINARYEN_NPM_VERSION (default 132.0.0)
#   NODE_MIN_MAJOR (default 20)       NODE_NPM_VERSION (default 20.20.2: used only when node is older)
#   WASM_BINDGEN_VERSION  force a wasm-bindgen-cli version (default: from Cargo.lock, else 0.2.130)
#   TOOLS_DIR      where npm tool packages (binaryen, node) go (default: $HOME/.local/share/wasm-tools)
#   LINK_DIR       where `wasm-opt` (and, if needed, `node`) symlinks go; must be on PATH before
#                  /usr/bin (default: $HOME/.cargo/bin, which scripts/*.sh put first on PATH)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$HOME/.cargo/bin:$PATH"
TRUNK_VERSION="${TRUNK_VERSION:-0.21.14}"
BINARYEN_NPM_VERSION="${BINARYEN_NPM_VERSION:-132.0.0}"
NODE_NPM_VERSION="${NODE_NPM_VERSION:-20.20.2}"
NODE_MIN_MAJOR="${NODE_MIN_MAJOR:-20}"
TOOLS_DIR="${TOOLS_DIR:-$HOME/.local/share/wasm-tools}"
LINK_DIR="${LINK_DIR:-$HOME/.cargo/bin}"
E2E_DIR="$ROOT/www/e2e"

log() { printf '== setup: %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: cannot install Debian packages"
  SUDO="sudo"
fi

# ---------------------------------------------------------------- 1. Debian packages
apt_missing=()
for p in chromium chromium-driver brotli python3 ca-certificates build-essential pkg-config fonts-nanum; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || apt_missing+=("$p")
done
# Node + npm: any node works to bootstrap (Debian's is 18); step 5 makes sure it is >= 20.
command -v node >/dev/null || apt_missing+=(nodejs)
command -v npm >/dev/null || apt_missing+=(npm)
if ((${#apt_missing[@]})); then
  log "apt-get install ${apt_missing[*]}"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${apt_missing[@]}"
else
  log "apt packages present"
fi
if dpkg-query -W -f='${Status}' binaryen 2>/dev/null | grep -q "install ok installed"; then
  echo "WARNING: Debian 'binaryen' (wasm-opt 108) is installed; it fails on wasm-bindgen 0.2.130 output." >&2
  echo "         $LINK_DIR/wasm-opt must come before /usr/bin on PATH (or: apt-get remove -y binaryen)." >&2
fi

# ---------------------------------------------------------------- 2. Rust: target + components
command -v rustup >/dev/null && command -v cargo >/dev/null \
  || die "rustup/cargo not found (expected in \$HOME/.cargo/bin; rustc 1.95.0 is the tested version)"
installed_targets="$(rustup target list --installed)"
grep -qx wasm32-unknown-unknown <<<"$installed_targets" || { log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
installed_components="$(rustup component list --installed)"
for c in rustfmt clippy; do
  grep -q "^$c" <<<"$installed_components" || { log "rustup component add $c"; rustup component add "$c"; }
done

# ---------------------------------------------------------------- 3. crates (for --offline builds)
# Also creates Cargo.lock if a checkout has none, which step 4 reads.
log "cargo fetch"
cargo fetch --quiet

# ---------------------------------------------------------------- 4. trunk + wasm-bindgen-cli
if trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  log "trunk $TRUNK_VERSION present"
else
  log "cargo install trunk $TRUNK_VERSION (about 10.5 min on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ -z "${WASM_BINDGEN_VERSION:-}" ]; then
  WASM_BINDGEN_VERSION="$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"
  WASM_BINDGEN_VERSION="${WASM_BINDGEN_VERSION:-0.2.130}"
fi
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION" \
   && wasm-bindgen-test-runner --version 2>/dev/null | grep -qx "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION"; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 min)"
  # --locked fails for 0.2.130 (its lockfile pins webpki-roots 1.0.11, which the reachable
  # crates.io index does not serve); fall back to a fresh resolution.
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    || cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# ---------------------------------------------------------------- 5. node >= 20
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -ge "$NODE_MIN_MAJOR" ]; then
  log "node $(node --version) present"
else
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;; aarch64|arm64) node_arch=arm64 ;; *) die "no npm node package for $(uname -m)" ;;
  esac
  log "node $(node --version 2>/dev/null || echo none) is too old: npm node-linux-$node_arch@$NODE_NPM_VERSION"
  mkdir -p "$TOOLS_DIR" "$LINK_DIR"
  [ -f "$TOOLS_DIR/package.json" ] || echo '{"name":"wasm-tools","private":true}' > "$TOOLS_DIR/package.json"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund "node-linux-$node_arch@$NODE_NPM_VERSION"
  ln -sf "$TOOLS_DIR/node_modules/node-linux-$node_arch/bin/node" "$LINK_DIR/node"
  hash -r
  [ "$(node_major)" -ge "$NODE_MIN_MAJOR" ] || die "node is still older than $NODE_MIN_MAJOR: is $LINK_DIR first on PATH?"
fi

# ---------------------------------------------------------------- 6. wasm-opt from npm `binaryen`
want_opt="version_${BINARYEN_NPM_VERSION%%.*}"
if [ -x "$LINK_DIR/wasm-opt" ] && "$LINK_DIR/wasm-opt" --version 2>/dev/null | grep -q "($want_opt)"; then
  log "wasm-opt $want_opt present"
else
  log "npm binaryen@$BINARYEN_NPM_VERSION -> $LINK_DIR/wasm-opt"
  mkdir -p "$TOOLS_DIR" "$LINK_DIR"
  [ -f "$TOOLS_DIR/package.json" ] || echo '{"name":"wasm-tools","private":true}' > "$TOOLS_DIR/package.json"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund "binaryen@$BINARYEN_NPM_VERSION"
  ln -sf "$TOOLS_DIR/node_modules/binaryen/bin/wasm-opt" "$LINK_DIR/wasm-opt"
fi

# ---------------------------------------------------------------- 7. e2e packages (npm ci)
# A stamp holding the lockfile's hash makes the re-run free; `npm ci` wipes node_modules first,
# so a changed lockfile always gives exactly what it pins.
[ -f "$E2E_DIR/package-lock.json" ] || die "missing $E2E_DIR/package-lock.json (it is committed)"
stamp="$E2E_DIR/node_modules/.setup-lock-sha256"
lock_sum="$(sha256sum "$E2E_DIR/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && [ -f "$E2E_DIR/node_modules/playwright-core/package.json" ]; then
  log "www/e2e/node_modules matches package-lock.json"
else
  log "npm ci in www/e2e"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
  echo "$lock_sum" > "$stamp"
fi

# ---------------------------------------------------------------- 8. summary
log "tools: $(rustc --version | cut -d' ' -f1-2), $(trunk --version), $(wasm-bindgen --version)," \
  "$("$LINK_DIR/wasm-opt" --version | cut -d' ' -f1-3), node $(node --version)," \
  "$(chromedriver --version | cut -d' ' -f1-2)"

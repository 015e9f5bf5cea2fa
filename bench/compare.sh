#!/usr/bin/env bash
# Whole-process comparison of `claimcheck scan` with its peers, as ratios measured in one run.
#
# usage: bench/compare.sh [WORKDIR]        (default ${TMPDIR:-/tmp}/claimcheck-bench)
# env:   ROUNDS=12 RUNS=5   interleaved rounds x runs per command per round (hyperfine)
#        CLAIMCHECK=path    the binary to measure (default: cargo build --release, then
#                           target/release/claimcheck)
#        SKIP_TREE=1 SKIP_DS=1 SKIP_LSP=1   leave a part out
#
# Installs what is missing, idempotently: ripgrep, hyperfine and GNU time from apt;
# detect-secrets 1.5.0 into a venv cached under ${XDG_CACHE_HOME:-$HOME/.cache}/claimcheck-ci/.
# See bench/README.md for what each line of the table means.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
W=${1:-${TMPDIR:-/tmp}/claimcheck-bench}
ROUNDS=${ROUNDS:-12}
RUNS=${RUNS:-5}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/claimcheck-ci
NOW=2026-06-01T00:00:00Z
mkdir -p "$W"
rm -f "$W"/*.round*.json "$W/ds.json"   # results of an earlier run must not mix in

say() { printf '== %s\n' "$*" >&2; }

# --- peers ---------------------------------------------------------------------------------
need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    say "installing ${need_apt[*]}"
    apt-get install -y "${need_apt[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${need_apt[@]}" >/dev/null; }
fi
DS=$CACHE/detect-secrets-venv/bin/detect-secrets
if [ -z "${SKIP_DS:-}" ] && [ ! -x "$DS" ]; then
    say "installing detect-secrets into $CACHE/detect-secrets-venv"
    mkdir -p "$CACHE"
    python3 -m venv "$CACHE/detect-secrets-venv"
    "$CACHE/detect-secrets-venv/bin/pip" install --quiet detect-secrets==1.5.0
fi

# --- claimcheck --------------------------------------------------------------------------------
if [ -z "${CLAIMCHECK:-}" ]; then
    say "building claimcheck (release)"
    (cd "$ROOT" && cargo build --release -p claimcheck --quiet)
    CLAIMCHECK=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/claimcheck
fi
CC=$CLAIMCHECK

# --- corpora -------------------------------------------------------------------------------
GEN=$HERE/make_corpus.py
FILE=$W/corpus50.txt
[ -f "$FILE" ] || python3 "$GEN" "$FILE" 50 300 300 11 >&2
SLICE=$W/corpus1.txt
head -c 1048576 "$FILE" > "$SLICE"
TREE=$W/tree
[ -n "${SKIP_TREE:-}" ] || python3 "$HERE/make_tree.py" "$TREE" 20000 200 1 "$(dirname "$GEN")" >&2
cat "$FILE" > /dev/null
[ -n "${SKIP_TREE:-}" ] || find "$TREE" -type f -exec cat {} + > /dev/null

J='eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*'
G='https://graph\.microsoft\.com/(v1\.0|beta)/'

# --- interleaved timing --------------------------------------------------------------------
# Each round runs every command RUNS times (hyperfine, --output=pipe so grep-like tools read
# everything); rounds alternate, so load on this shared machine hits all commands alike.
# Per command: the median of all runs. Per ratio: the median over rounds of the ratio of the
# two commands' medians in that round.
interleave() { # name, then commands
    local name=$1; shift
    for r in $(seq 1 "$ROUNDS"); do
        hyperfine -N --warmup 1 --runs "$RUNS" --output=pipe -i --style none \
            --export-json "$W/$name.round$r.json" "$@" >/dev/null 2>&1
    done
}

say "uptime: $(uptime)"
say "single file: $(stat -c %s "$FILE") bytes, $ROUNDS rounds x $RUNS runs"
interleave single \
    "$CC scan --format json --now $NOW $FILE" \
    "rg -c -e '$J' -e '$G' $FILE" \
    "rg -c '$J' $FILE" \
    "wc -l $FILE"
if [ -z "${SKIP_TREE:-}" ]; then
    say "tree: $(find "$TREE" -type f | wc -l) files, $(du -sb "$TREE" | cut -f1) bytes"
    interleave tree \
        "$CC scan --format json --now $NOW $TREE" \
        "rg -c --hidden --no-require-git -e '$J' -e '$G' $TREE"
fi
if [ -z "${SKIP_DS:-}" ]; then
    say "detect-secrets (JWT plugin only) on a 1 MiB slice"
    DIS=$("$DS" scan --list-all-plugins | grep -v '^JwtTokenDetector$' | sed 's/^/--disable-plugin /' | tr '\n' ' ')
    # detect-secrets only scans files under its working folder: run it from there.
    (cd "$W" && "$DS" scan $DIS "$(basename "$SLICE")" > ds_found.json)
    say "detect-secrets found $(python3 -c 'import json,sys; print(sum(len(v) for v in json.load(open(sys.argv[1]))["results"].values()))' "$W/ds_found.json") JWTs in the slice (grep: $(grep -c 'eyJ' "$SLICE") lines with eyJ)"
    (cd "$W" && hyperfine -N --warmup 1 --runs 3 --output=pipe -i --style none --export-json "$W/ds.json" \
        "$DS scan $DIS $(basename "$SLICE")" "$CC scan --format json --now $NOW $SLICE" >/dev/null 2>&1)
fi

# --- memory and start-up -------------------------------------------------------------------
# (claimcheck exits 1 on this file: it holds error findings.)
RSS_KB=$( { /usr/bin/time -f '%M' "$CC" scan --format json --now "$NOW" "$FILE" 2>&1 >/dev/null || true; } | tail -1)
RSS_RG=$( { /usr/bin/time -f '%M' rg -c -e "$J" -e "$G" "$FILE" 2>&1 >/dev/null || true; } | tail -1)
LSP_START="" LSP_MEM=""
if [ -z "${SKIP_LSP:-}" ]; then
    LSP_START=$(python3 "$HERE/lsp_probe.py" startup "$CC" 20)
    LSP_MEM=$(python3 "$HERE/lsp_probe.py" memory "$CC" "$FILE" 100 200)
fi

python3 - "$W" "$ROUNDS" "$(stat -c %s "$FILE")" "$(stat -c %s "$SLICE")" "$RSS_KB" "$RSS_RG" "$LSP_START" "$LSP_MEM" <<'PY'
import json, os, statistics, sys
w, rounds, size, slice_size, rss, rss_rg, lsp_start, lsp_mem = sys.argv[1:9]
rounds, size, slice_size = int(rounds), int(size), int(slice_size)

def load(name):
    per_round = []
    for r in range(1, rounds + 1):
        p = os.path.join(w, "%s.round%d.json" % (name, r))
        if os.path.exists(p):
            per_round.append([(x["command"], x["times"]) for x in json.load(open(p))["results"]])
    return per_round

def med(xs):
    return statistics.median(xs) * 1000

def table(name, label, ratios):
    rs = load(name)
    if not rs:
        return
    cmds = [c for c, _ in rs[0]]
    all_times = {c: [t for r in rs for (cc, ts) in r if cc == c for t in ts] for c in cmds}
    print("\n%s (%d rounds, %d runs each)" % (label, len(rs), len(all_times[cmds[0]])))
    for c in cmds:
        print("  %8.1f ms  %s" % (med(all_times[c]), c[:110]))
    for a, b, goal in ratios:
        per = [statistics.median(dict(r)[cmds[a]]) / statistics.median(dict(r)[cmds[b]]) for r in rs]
        print("  ratio %-44s %5.2fx   (rounds: min %.2f, max %.2f)   goal %s"
              % (short[name][a] + " / " + short[name][b], statistics.median(per), min(per), max(per), goal))

short = {"single": ["claimcheck", "rg (JWT + Graph, two -e)", "rg (JWT regex alone)", "wc -l"],
         "tree": ["claimcheck", "rg"]}
print("=" * 100)
table("single", "one file, %.1f MiB" % (size / 2**20),
      [(0, 1, "<= 1.0"), (0, 2, "-"), (0, 3, "<= 2.0")])
table("tree", "tree scan", [(0, 1, "<= 1.5")])
ds = os.path.join(w, "ds.json")
if os.path.exists(ds):
    res = json.load(open(ds))["results"]
    d, c = statistics.median(res[0]["times"]), statistics.median(res[1]["times"])
    single = load("single")
    cc_full = statistics.median([t for r in single for t in r[0][1]]) if single else None
    print("\ndetect-secrets, JWT plugin only, timed on a %.1f MiB slice and scaled linearly to %.1f MiB:" % (slice_size / 2**20, size / 2**20))
    print("  detect-secrets %.0f ms on the slice -> %.1f s estimated for the file (%.2f MiB/s)"
          % (d * 1000, d * size / slice_size, slice_size / 2**20 / d))
    print("  claimcheck %.1f ms on the slice" % (c * 1000))
    if cc_full:
        print("  ratio detect-secrets (scaled) / claimcheck (whole file)   %8.0fx   goal > 1000" % (d * size / slice_size / cc_full))
print("\npeak RSS, scan of the %.1f MiB file: claimcheck %.1f MiB = %.2fx the file (goal < 2.0); rg %.1f MiB"
      % (size / 2**20, int(rss) / 1024, int(rss) * 1024 / size, int(rss_rg) / 1024))
if lsp_start:
    print("start-up: %s (goal <= 20 ms)" % lsp_start)
if lsp_mem:
    print("LSP memory: %s (goal < 100 MB)" % lsp_mem)
print("=" * 100)
PY

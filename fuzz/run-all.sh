#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 600), one at a time at the lowest priority, then
# minimises each grown corpus back into fuzz/corpus/<target>. Needs cargo-fuzz; on a stable
# toolchain RUSTC_BOOTSTRAP=1 lets it use the nightly flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
TARGETS=${TARGETS:-"jwt url http analyze document"}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -a
BIN=target/x86_64-unknown-linux-gnu/release
for t in $TARGETS; do
  mkdir -p "work/$t" "artifacts/$t" "corpus/$t"
  nice -n 19 "$BIN/$t" "work/$t" "corpus/$t" -dict=claimcheck.dict -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" 2>"work/$t.log" || echo "$t: stopped with a finding, see artifacts/$t/"
  tail -n 12 "work/$t.log"
done

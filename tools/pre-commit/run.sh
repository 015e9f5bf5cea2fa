#!/usr/bin/env bash
# The pre-commit hooks' entry: builds claimcheck from this checkout (cargo rebuilds only what
# changed, so later runs start at once) and runs it with the hook's arguments and files.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
cargo build --quiet --locked --profile hook --manifest-path "$repo/Cargo.toml" -p claimcheck >&2
exec "$target/hook/claimcheck" "$@"

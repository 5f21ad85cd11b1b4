#!/usr/bin/env bash
# Scores extraction with ../shared/eval/score.py: the seed gold, or a PolNeAR split.
#   scripts/score.sh seed             the reference article
#   scripts/score.sh dev|train        PolNeAR split (one `extract` per text file)
# Extra arguments go to score.py (e.g. --json, --min content_lenient_f1=0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
eval_dir="${CLAIMTRACE_EVAL:-../shared/eval}"
# The text crate's extract_json example makes `claimtrace extract`'s JSON without building
# the RDF side (tests/extract.rs checks the two agree).
cargo build --quiet --release -p claimtrace-text --example extract_json
bin="$CARGO_TARGET_DIR/release/examples/extract_json"
split="${1:?usage: scripts/score.sh seed|dev|train [score.py options]}"
shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ "$split" = seed ]; then
  for gold in "$eval_dir"/seed/*.json; do
    "$bin" "$out" "$eval_dir/../seed/$(basename "$gold" .json).txt"
  done
  python3 "$eval_dir/score.py" "$eval_dir/seed" "$out" "$@"
else
  dir="$eval_dir/polnear/$split"
  "$bin" "$out" "$dir"/text/*.txt
  python3 "$eval_dir/score.py" "$dir" "$out" "$@"
fi

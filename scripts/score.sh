#!/usr/bin/env bash
# Scores extraction with ../shared/eval/score.py: the seed gold, or a PolNeAR split.
#   scripts/score.sh seed             the reference article
#   scripts/score.sh dev|train        PolNeAR split (one `extract` per text file)
# Extra arguments go to score.py (e.g. --json, --min content_lenient_f1=0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
eval_dir="${CLAIMTRACE_EVAL:-../shared/eval}"
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/claimtrace"
split="${1:?usage: scripts/score.sh seed|dev|train [score.py options]}"
shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ "$split" = seed ]; then
  for gold in "$eval_dir"/seed/*.json; do
    name=$(basename "$gold" .json)
    "$bin" extract "../shared/seed/$name.txt" > "$out/$name.json"
  done
  python3 "$eval_dir/score.py" "$eval_dir/seed" "$out" "$@"
else
  dir="$eval_dir/polnear/$split"
  for f in "$dir"/text/*.txt; do
    name=$(basename "$f" .txt)
    "$bin" extract "$f" > "$out/$name.json"
  done
  python3 "$eval_dir/score.py" "$dir" "$out" "$@"
fi

#!/usr/bin/env bash
# The main job of the README: reads the bundled example articles (the seed among them) into a
# store and shows what claimtrace found: outlets, speakers, nested chains, statements by date,
# and traces of claims across articles; writes one claim's propagation page.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/claimtrace"
store="${CLAIMTRACE_STORE:-$PWD/demo-store}"
"$bin" --store "$store" ingest examples/articles
for q in outlets speakers chains timeline; do
  echo
  echo "== $q: $(sed -n '1s/^# //p' "queries/$q.rq")"
  "$bin" --store "$store" query --name "$q"
done
for target in "--speaker=Dmitry Peskov" "--outlet=Axios"; do
  echo
  echo "== trace $target"
  "$bin" --store "$store" trace "$target"
done
page="$PWD/demo-claim.html"
"$bin" --store "$store" trace --claim "behind closed doors" --format html --output "$page"
echo
echo "The store is in $store; explore it with: $bin --store $store repl"
echo "A claim's propagation page, to open in a browser: $page"
echo "All the pages, served: $bin --store $store serve, then http://127.0.0.1:7878/trace"

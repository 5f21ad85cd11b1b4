#!/usr/bin/env bash
# The large-corpus run of BENCHMARKS.md: a synthetic corpus of N articles (claimtrace-corpus,
# seed 1), ingested into a fresh store, ingested again unchanged, then the whole-store
# questions timed as whole processes. Release build; figures to stdout.
#   scripts/scale.sh 100000 [WORKDIR]     (WORKDIR defaults to /tmp/claimtrace-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
n="${1:?usage: scripts/scale.sh ARTICLES [WORKDIR]}"
work="${2:-/tmp/claimtrace-scale}"
mkdir -p "$work"
cargo build --quiet --release -p claimtrace -p claimtrace-corpus
bin="$CARGO_TARGET_DIR/release/claimtrace"
corpus="$work/corpus-$n.jsonl"
store="$work/store-$n"
[ -s "$corpus" ] || "$CARGO_TARGET_DIR/release/claimtrace-corpus" --articles "$n" --seed 1 > "$corpus"
rm -rf "$store"
echo "corpus: $n articles, $(du -hL "$corpus" | cut -f1)"

# Seconds and peak resident memory of one whole process.
timed() {
  local what=$1
  shift
  /usr/bin/time -f "$what: %e s, peak RSS %M KiB" "$@" > /dev/null 2> "$work/err" || true
  grep -v '^warning' "$work/err" | tail -2
}

timed "extract --jobs 1" "$bin" extract --jobs 1 "$corpus"
timed "extract --jobs 2" "$bin" extract --jobs 2 "$corpus"
timed "ingest, first load" "$bin" --store "$store" ingest "$corpus"
echo "store on disk: $(du -sh "$store" | cut -f1)"
timed "ingest again, unchanged" "$bin" --store "$store" ingest "$corpus"
for run in 1 2 3; do
  timed "stats ($run)" "$bin" --store "$store" stats
done
for q in outlets speakers; do
  timed "query --name $q" "$bin" --store "$store" query --name "$q" --results csv
  timed "queries/scan/$q.rq" "$bin" --store "$store" query --file "queries/scan/$q.rq" --results csv
done
timed "stats by a scan" "$bin" --store "$store" query --file queries/scan/stats.rq
timed "repl: open, prompt, quit" sh -c "echo .quit | '$bin' --store '$store' repl"
timed "trace --outlet Reuters --limit 50" "$bin" --store "$store" trace --outlet Reuters --limit 50
"$bin" --store "$store" stats

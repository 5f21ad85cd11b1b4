#!/usr/bin/env bash
# Fuzzes claimtrace's readers, extraction, dates and decoding with libFuzzer (cargo-fuzz, on
# stable Rust through RUSTC_BOOTSTRAP=1, without a sanitizer: `-s none`). Each target checks
# claimtrace_text::invariants, not only for panics.
#
#   scripts/fuzz.sh [SECONDS [TARGET...]]   each target for SECONDS (default 10)
#   FUZZ_PROFILE=release scripts/fuzz.sh 600 html   the long runs: an optimised build
#
# Seeds come from ../shared's corpora (when present) and the repository's examples. A release
# run's corpora grow under the build directory from one run to the next; a short (dev) run
# starts from the seeds each time, so it takes as long as it says. What a run finds is
# copied to fuzz/regressions/TARGET/, which crates/text/tests/fuzz_regressions.rs replays in
# every test run, and the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text jsonl html feed auto date decode)
profile="${FUZZ_PROFILE:-dev}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
# Instrumented builds differ from the tests' builds: a directory of their own beside them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}-fuzz"
export RUSTC_BOOTSTRAP=1
work="$CARGO_TARGET_DIR/fuzzing"
shared=../shared/corpora

seed() { # seed TARGET FILE...: copies the files into TARGET's seeds
    local target=$1
    shift
    mkdir -p "$work/seeds/$target"
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$work/seeds/$target/" || true
    done
}
smallest() { # smallest N FILE...: the N smallest files
    local n=$1
    shift
    [ $# -gt 0 ] && ls -S -r "$@" 2>/dev/null | head -n "$n" || true
}
if [ ! -d "$work/seeds" ]; then
    seed text examples/articles/*.txt $(smallest 20 "$shared"/bbc/politics/*.txt)
    seed html $(smallest 10 "$shared"/html/*)
    seed feed $(smallest 8 "$shared"/feeds/*)
    mkdir -p "$work/seeds/jsonl"
    if [ -f "$shared/reuters21578.jsonl" ]; then
        for i in 0 1 2 3 4 5 6 7 8 9; do
            sed -n "$((i * 5 + 1)),$((i * 5 + 5))p" "$shared/reuters21578.jsonl" >"$work/seeds/jsonl/reuters-$i"
        done
    fi
    seed jsonl tests/articles/*.jsonl
    seed auto examples/articles/*.txt $(smallest 3 "$shared"/html/*) $(smallest 3 "$shared"/feeds/*) "$work"/seeds/jsonl/reuters-0
    seed decode $(smallest 4 "$shared"/html/*) $(smallest 4 "$shared"/feeds/*) examples/articles/*.txt
    seed date fuzz/seeds/date/*
fi

flag=--dev
[ "$profile" = release ] && flag=--release
cd fuzz
cargo fuzz build -s none "$flag"
found=0
for target in "${targets[@]}"; do
    mkdir -p "$work/artifacts/$target"
    corpus="$work/corpus-$profile/$target"
    if [ "$profile" != release ] || [ ! -d "$corpus" ]; then
        rm -rf "$corpus"
        mkdir -p "$corpus"
        cp "$work/seeds/$target"/* "$corpus/" 2>/dev/null || true
    fi
    echo "fuzz: $target for ${seconds} s"
    # Pages and feeds are larger than libFuzzer's default 4 KB inputs.
    if ! cargo fuzz run -s none "$flag" "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len=262144 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$work/artifacts/$target/" -print_final_stats=1 2>"$work/$target.log"; then
        found=1
        mkdir -p "regressions/$target"
        cp "$work/artifacts/$target"/* "regressions/$target/" 2>/dev/null || true
        grep -v '^ *[0-9]*: \|^ *at ' "$work/$target.log" | tail -20 >&2
        echo "fuzz: $target broke a promise; the input is kept in fuzz/regressions/$target/" >&2
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/$target.log" | sed "s/^/fuzz: $target /"
done
exit "$found"

#!/usr/bin/env bash
# The test command of the README: sets up a fresh machine, then holds the code to its habits
# (formatted, no clippy warning), runs every test of the workspace, then fuzzes briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Reuse one build directory across runs on this machine unless one is set.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
# The tests' scratch stores (fresh_dir, under the build directory's tmp/) from earlier runs:
# a run leaves a few GB behind, and a reused build directory would fill the disk.
rm -rf "$CARGO_TARGET_DIR/tmp"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --all-targets --locked "$@"
# A short fuzzing run of every fuzz target (the long runs: scripts/fuzz.sh's header).
scripts/fuzz.sh 8

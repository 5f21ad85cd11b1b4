#!/usr/bin/env bash
# The test command of the README: sets up a fresh machine, then holds the code to its habits
# (formatted, no clippy warning) and runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Reuse one build directory across runs on this machine unless one is set.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --all-targets --locked "$@"

#!/usr/bin/env bash
# The test command of the README: sets up a fresh machine, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Reuse one build directory across runs on this machine unless one is set.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/claimtrace/target}"
cargo test --all-targets "$@"

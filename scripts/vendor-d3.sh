#!/usr/bin/env bash
# Vendors d3 (the claim, speaker and outlet pages draw with it) from the npm registry into
# assets/d3/, which the binary embeds and the standalone pages inline: no CDN, no build step
# on a user's machine. Run it to move to another version; commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-7.9.2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "d3@$VERSION" >/dev/null && tar xzf d3-*.tgz)
mkdir -p assets/d3
cp "$work/package/dist/d3.min.js" assets/d3/d3.min.js
cp "$work/package/LICENSE" assets/d3/LICENSE
{
  echo "d3 $VERSION (ISC licence, https://d3js.org), vendored by scripts/vendor-d3.sh"
  (cd assets/d3 && sha256sum d3.min.js)
} > assets/d3/VERSION
cat assets/d3/VERSION

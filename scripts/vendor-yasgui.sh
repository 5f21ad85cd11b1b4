#!/usr/bin/env bash
# Vendors YASGUI (the query page at `claimtrace serve`'s /) from the npm registry into
# assets/yasgui/, which the binary embeds: no CDN, no build step on a user's machine.
# Run it to move to another version; commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-4.6.2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null && tar xzf zazuko-yasgui-*.tgz)
mkdir -p assets/yasgui
# The source map is not shipped: drop the comment that would make browsers ask for it.
sed '/^\/\/# sourceMappingURL=/d' "$work/package/build/yasgui.min.js" > assets/yasgui/yasgui.min.js
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$work/package/build/yasgui.min.css" > assets/yasgui/yasgui.min.css
{
  echo "@zazuko/yasgui $VERSION (MIT licence, https://github.com/rdfjs/Yasgui), vendored by scripts/vendor-yasgui.sh"
  (cd assets/yasgui && sha256sum yasgui.min.js yasgui.min.css)
} > assets/yasgui/VERSION
cat assets/yasgui/VERSION

#!/bin/sh
# Re-fetch the bundled YASGUI from the npm registry and check it (for maintainers).
#   sh server/static/vendor/fetch_yasgui.sh            # fetch 4.6.2 and verify the checksums
#   VERSION=4.7.0 CHECK=no sh server/static/vendor/fetch_yasgui.sh   # try a new version
# Needs npm (or set TARBALL=path/to/zazuko-yasgui-X.tgz), tar and sha256sum. After a
# version change, update the checksums below and in yasgui/NOTICE.
set -eu
VERSION="${VERSION:-4.6.2}"
CHECK="${CHECK:-yes}"
TARBALL_SHA256=6520cdd256a4003e8d45865e0d631b6456b88a0e6b65f4f3e56d78a25d74c9a7
JS_SHA256=55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75
CSS_SHA256=085b94556b97f9928981bdedb6848fd11ad4d8d950e821f0d698c58ca538fc55

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -n "${TARBALL:-}" ]; then
  cp "$TARBALL" "$work/yasgui.tgz"
else
  (cd "$work" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null && mv zazuko-yasgui-*.tgz yasgui.tgz)
fi
check() {  # check SHA256 FILE
  [ "$CHECK" = yes ] || return 0
  echo "$1  $2" | sha256sum -c - >/dev/null || { echo "checksum mismatch: $2" >&2; exit 1; }
}
check "$TARBALL_SHA256" "$work/yasgui.tgz"
tar -xzf "$work/yasgui.tgz" -C "$work" package/build/yasgui.min.js package/build/yasgui.min.css
check "$JS_SHA256" "$work/package/build/yasgui.min.js"
check "$CSS_SHA256" "$work/package/build/yasgui.min.css"
cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" "$here/yasgui/"
sha256sum "$here/yasgui/yasgui.min.js" "$here/yasgui/yasgui.min.css"
echo "YASGUI $VERSION is in $here/yasgui/"

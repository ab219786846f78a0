#!/usr/bin/env bash
# Copy the front-end libraries installed by npm into static/vendor (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf static/vendor
mkdir -p static/vendor/bootstrap
cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/
# Further libraries (QR decoder, charts) are added here as the areas need them.
for extra in tools/vendor.d/*.sh; do
  [ -e "$extra" ] && bash "$extra"
done
true

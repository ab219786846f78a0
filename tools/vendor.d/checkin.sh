#!/usr/bin/env bash
# The scanner page's QR decoder (jsQR, from npm) for static/vendor/jsqr/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p static/vendor/jsqr
cp node_modules/jsqr/dist/jsQR.js static/vendor/jsqr/jsQR.js
cp node_modules/jsqr/LICENSE static/vendor/jsqr/LICENSE 2>/dev/null || true

#!/usr/bin/env bash
# Until the first production deployment, the schema is one initial migration, regenerated
# from the models. After go-live, add migrations with `flask db migrate` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP=wsgi.py
tmp=$(mktemp -d)
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/regen.db" .venv/bin/flask db migrate -m "initial schema" >/dev/null
rm -rf "$tmp"
ls migrations/versions

#!/usr/bin/env bash
# `make run`: the app under gunicorn, with the outbox worker (e-mails, embargo lifts and other
# periodic jobs) and a local mail catcher beside it. E-mails stay on this machine: they are
# listed with their text and links on /admin/outbox and kept as files in instance/mail/.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP="${FLASK_APP:-wsgi.py}"
export MAIL_HOST=127.0.0.1
export MAIL_PORT="${DEV_MAIL_PORT:-8025}"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/flask mail-catcher --port "$MAIL_PORT" & pids+=($!)
.venv/bin/flask outbox run & pids+=($!)
.venv/bin/gunicorn --config gunicorn.conf.py wsgi:app

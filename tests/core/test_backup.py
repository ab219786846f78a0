"""``flask backup`` and ``flask restore``: a snapshot restored into a fresh database is whole."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from werkzeug.datastructures import FileStorage

from app.core import outbox, uploads
from app.core.backup import table_counts
from app.extensions import db as _db
from tests.conftest import fresh_app, fresh_database


def test_backup_then_restore_into_a_fresh_database(app, db, make_user, tmp_path):
    for n in range(5):
        user = make_user("journalist")
        outbox.queue_email(user.email, "accounts/verify", user=user, token=f"t{n}")
    out = io.BytesIO()
    Image.new("RGB", (400, 500), "navy").save(out, "JPEG")
    stored = uploads.save_image(FileStorage(io.BytesIO(out.getvalue()), "p.jpg"), "photos")
    db.session.commit()
    before = table_counts()
    original_file = uploads.read_upload(stored.keys["full"])

    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    (archive,) = (tmp_path / "backups").glob("presscentre-*.tar.gz")

    with fresh_database(tmp_path) as url:
        fresh = fresh_app(url, tmp_path / "restored-uploads")
        with fresh.app_context():
            _db.create_all()
            result = fresh.test_cli_runner().invoke(args=["restore", str(archive), "--yes"])
            assert result.exit_code == 0, result.output
            assert table_counts() == before
            restored = Path(fresh.config["UPLOAD_DIR"]) / stored.keys["full"]
            assert restored.read_bytes() == original_file
            _db.session.remove()
            _db.engine.dispose()

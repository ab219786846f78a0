"""The queue's contains-search uses a trigram index chosen by the database (issue 18):
FTS5 (trigram) on SQLite, pg_trgm on PostgreSQL; the answers stay those of the LIKE."""

from __future__ import annotations

from sqlalchemy import text

from app.accreditation import search_index
from app.accreditation.listing import Filters, filtered_query
from tests.conftest import is_postgres


def test_the_trigram_index_exists_and_is_kept_in_step(db, make_application):
    application = make_application(full_name="Nguyễn Văn Bình")
    if is_postgres():
        names = db.session.scalars(
            text("SELECT indexname FROM pg_indexes WHERE tablename = 'applications'")
        ).all()
        assert "ix_applications_search_trgm" in names
        return

    def matches(phrase):
        return db.session.scalars(
            text("SELECT rowid FROM applications_fts WHERE applications_fts MATCH :q"), {"q": phrase}
        ).all()

    assert matches('"nguyen van"') == [application.id]
    application.full_name = "Trần Thị Mai"
    application.refresh_search_key()
    db.session.commit()
    assert matches('"nguyen van"') == [] and matches('"tran thi"') == [application.id]
    db.session.delete(application)
    db.session.commit()
    assert matches('"tran thi"') == []


def test_search_answers_are_those_of_the_like(client, auth, make_application):
    make_application(full_name="Nguyễn Văn An")
    make_application(full_name="NGUYEN VAN Ba")
    make_application(full_name="Lê Thị Nguyên")
    auth.login("accreditation_officer")
    for query, expected in (("nguyễn văn", 2), ("nguyen", 3), ("ng", 3), ('"x', 0), ("100%", 0)):
        page = client.get("/DH16/accreditation/queue", query_string={"q": query, "status": "all"})
        assert page.status_code == 200
        assert f"{expected} " in page.get_data(as_text=True), query


def test_the_query_plan_uses_the_index(app, db, make_application):
    make_application(full_name="Nguyễn Văn An")
    query = filtered_query(Filters.from_args({"q": "nguyen van", "status": "all"}))
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": False})
    if is_postgres():
        assert "applications_fts" not in str(compiled)
        return
    assert "applications_fts MATCH" in str(compiled)
    values = tuple(compiled.params[name] for name in compiled.positiontup)
    rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), values).all()
    plan = " | ".join(str(row[-1]) for row in rows)
    assert "applications_fts VIRTUAL TABLE INDEX" in plan, plan
    assert search_index.contains("ab", "sqlite") is None  # under three characters: the LIKE alone

"""Venue fixtures: units, locations, categories, tasks, unit members, a real JPEG and a query counter."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import event

from app.core.timeutil import utcnow
from app.venue.models import Evidence, Location, Task, TaskCategory, Unit


def jpeg_bytes(size=(640, 480), colour=(200, 30, 30)) -> bytes:
    """A real JPEG, as a phone camera would send."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


class Venue:
    """Factories for the venue area's rows (committed, so requests see them)."""

    def __init__(self, db, make_user):
        self.db = db
        self.make_user = make_user
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def unit(self, name: str | None = None, **kw) -> Unit:
        unit = Unit(**kw)
        unit.set_name(name or f"Đơn vị {self._next()}")
        self.db.session.add(unit)
        self.db.session.commit()
        return unit

    def location(self, name: str | None = None, kind: str = "hall") -> Location:
        location = Location(name=name or f"Địa điểm {self._next()}", kind=kind)
        self.db.session.add(location)
        self.db.session.commit()
        return location

    def category(self, name: str | None = None) -> TaskCategory:
        category = TaskCategory(name=name or f"Hạng mục {self._next()}")
        self.db.session.add(category)
        self.db.session.commit()
        return category

    def member(self, unit: Unit, **kw):
        """A unit member account attached to ``unit``."""
        return self.make_user("unit_member", unit_id=unit.id, **kw)

    def task(self, unit: Unit | None = None, *, status: str = "todo", due_in=timedelta(days=3), **kw) -> Task:
        location = kw.pop("location", None) or self.location()
        category = kw.pop("category", None) or self.category()
        task = Task(
            title=kw.pop("title", f"Nhiệm vụ {self._next()}"),
            spec=kw.pop("spec", "pano 4×8 m"),
            quantity=kw.pop("quantity", 12),
            category_id=category.id,
            location_id=location.id,
            unit_id=unit.id if unit else None,
            due_at=kw.pop("due_at", None) or utcnow() + due_in,
            status=status,
            **kw,
        )
        task.refresh_search_key()
        self.db.session.add(task)
        self.db.session.commit()
        return task

    def evidence(self, task: Task) -> Evidence:
        evidence = Evidence(task_id=task.id, full_key="venue/x.jpg", thumb_key="venue/y.jpg")
        self.db.session.add(evidence)
        self.db.session.commit()
        return evidence


@pytest.fixture
def venue(db, make_user):
    return Venue(db, make_user)


@pytest.fixture
def count_queries(db):
    """``with count_queries() as n: ...`` then ``n[0]`` is the number of SQL statements run."""

    @contextmanager
    def counting():
        counter = [0]

        def before(*_args, **_kwargs):
            counter[0] += 1

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting

"""Demo decoration work of a provincial congress (``flask seed-demo``): 12 member units,
locations, categories, the standard checklist template and ~60 tasks in every state,
a few of them overdue. The demo unit member works for the culture department."""

from __future__ import annotations

import io
import random
from datetime import time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.accounts.models import User
from app.core.timeutil import local_today, utcnow
from app.core.uploads import save_image_bytes
from app.extensions import db
from app.venue import catalogue, services
from app.venue.demo_data import (
    APPLIED,
    CATEGORIES,
    COMMENTS,
    CULTURE,
    EXTRA_TASKS,
    LOCATIONS,
    TEMPLATES,
    UNITS,
)
from app.venue.models import ChecklistTemplate, Evidence, Location, Task, TaskCategory, TemplateItem, Unit

DEMO_UNIT_MEMBER = "donvi@demo.presscentre.vn"
DEMO_ORGANISER = "tieuban@demo.presscentre.vn"


def _photo(rng: random.Random, label: str) -> bytes:
    """A small generated 'photo' (a red wall with a yellow banner and a caption band)."""
    image = Image.new("RGB", (640, 480), (rng.randint(120, 200), 20, 27))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 600, 330), fill=(240, 200, 40))
    draw.rectangle((0, 400, 640, 480), fill=(30, 30, 30))
    draw.text((20, 425), label.encode("ascii", "ignore").decode() or "photo", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def seed() -> None:
    """Units, locations, categories, three templates, ~60 tasks in all states with photos and history."""
    rng = random.Random(16)
    organiser = _user(DEMO_ORGANISER)
    units = {}
    for name, contact, phone in UNITS:
        units[name] = Unit(contact_name=contact, contact_phone=phone)
        units[name].set_name(name)
    locations = {
        name: Location(name=name, kind=kind, address=address, sort_order=order)
        for order, (name, kind, address) in enumerate(LOCATIONS)
    }
    categories = {name: TaskCategory(name=name, sort_order=order) for order, name in enumerate(CATEGORIES)}
    db.session.add_all([*units.values(), *locations.values(), *categories.values()])
    db.session.flush()

    member = _user(DEMO_UNIT_MEMBER)
    if member is not None:
        member.unit_id = units[CULTURE].id

    templates = {}
    for name, (description, items) in TEMPLATES.items():
        template = ChecklistTemplate(name=name, description=description)
        template.items = [
            TemplateItem(
                title=title,
                quantity=quantity,
                spec=spec,
                category=categories[category],
                default_unit=units[unit],
                days_before=days,
                priority=priority,
                sort_order=order,
            )
            for order, (title, quantity, spec, category, unit, days, priority) in enumerate(items)
        ]
        db.session.add(template)
        templates[name] = template
    db.session.flush()

    opening = catalogue.opening_day() or local_today() + timedelta(days=5)
    at = time(17, 0)
    tasks: list[Task] = []
    for template, place in APPLIED:
        tasks += catalogue.apply_template(
            templates[template],
            locations[place].id,
            opening,
            at,
            organiser,
            allow_past=True,
            notify_people=False,
        )
    for place, title, quantity, spec, category, unit, days in EXTRA_TASKS:
        tasks.append(
            services.create_task(
                title=title,
                quantity=quantity,
                spec=spec,
                category_id=categories[category].id,
                location_id=locations[place].id,
                unit_id=units[unit].id,
                due_at=catalogue.due_for(opening, days, at),
                actor=organiser,
                notify_people=False,
            )
        )
    _advance(tasks, rng, organiser)


def _advance(tasks: list[Task], rng: random.Random, organiser) -> None:
    """Move tasks through the status machine as the work would have gone: earlier deadlines further on."""
    now = utcnow()
    # Past deadlines: mostly finished, a few overdue. Future ones: a mix, a few blocked.
    past_cycle = (
        "verified",
        "done",
        "verified",
        "in_progress",
        "verified",
        "done",
        "verified",
        "verified",
        "todo",
    )
    future_cycle = ("todo", "in_progress", "done", "todo", "blocked", "in_progress", "verified", "todo")
    past = future = 0
    for index, task in enumerate(sorted(tasks, key=lambda t: (t.due_at, t.id))):
        if task.due_at < now:
            target, past = past_cycle[(past + rng.randrange(2)) % len(past_cycle)], past + 1
        else:
            target, future = future_cycle[future % len(future_cycle)], future + 1
        if target == "todo":
            continue
        services.change_status(task, "start", organiser, now=now)
        if target == "blocked":
            services.change_status(
                task, "block", organiser, note="Chờ duyệt mẫu in của Ban Tuyên giáo.", now=now
            )
            continue
        if index % 7 == 0:
            services.add_comment(task, COMMENTS[index % len(COMMENTS)], organiser)
        if target == "in_progress":
            continue
        stored = save_image_bytes(_photo(rng, task.title), "venue", sizes=services.EVIDENCE_SIZES)
        db.session.add(
            Evidence(
                task_id=task.id,
                uploaded_by_id=organiser.id if organiser else None,
                full_key=stored.keys["full"],
                thumb_key=stored.keys["thumb"],
                caption="Ảnh chụp tại hiện trường",
                width=stored.width,
                height=stored.height,
            )
        )
        db.session.flush()
        services.change_status(task, "done", organiser, now=now)
        if target == "verified":
            services.change_status(task, "verify", organiser, now=now)


def seed_season() -> None:
    """The district congress's decoration, copied from the provincial plan, was all done and verified."""
    from app.events.demo import district
    from app.events.scope import in_event

    event = district()
    organiser = db.session.scalar(select(User).where(User.email == "tieuban@demo.presscentre.vn"))
    if event is None:
        return
    with in_event(event):
        for task in db.session.scalars(select(Task)).all():
            task.status = "verified"
            task.done_at = task.verified_at = task.due_at
            task.verified_by_id = organiser.id if organiser else None
        db.session.flush()

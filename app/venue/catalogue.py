"""What the organisers set up: member units, locations, categories and checklist templates.

Applying a template to a location turns each of its items into a task due the
opening day minus the item's ``days_before``, given to the item's default unit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from app.core import audit
from app.core.timeutil import from_local, local_today
from app.events.scope import get_in_event
from app.events.services import current_event, current_event_id
from app.extensions import db
from app.venue import notify
from app.venue.models import (
    LOCATION_KINDS,
    PRIORITIES,
    ChecklistTemplate,
    Location,
    Task,
    TaskCategory,
    TemplateItem,
    Unit,
)
from app.venue.services import VenueError, create_task, resolve_unit


def _unique(model, column, value, ident, message, field="name") -> None:
    """Raise VenueError when another row has this value (in the current event, for owned tables)."""
    # exact match too: SQLite's lower() folds ASCII letters only ("Ç" stays "Ç")
    query = select(model.id).where(or_(column == value, func.lower(column) == value.lower()))
    if hasattr(model, "event_id"):
        query = query.where(model.event_id == current_event_id())
    if ident is not None:
        query = query.where(model.id != ident)
    if db.session.scalar(query.limit(1)) is not None:
        raise VenueError(message, field)


# ----------------------------------------------------------------------------- units
def save_unit(
    unit: Unit | None, *, name: str, contact_name: str, contact_phone: str, contact_email: str, actor
) -> Unit:
    """Create (``unit`` None) or edit a member unit; names are unique regardless of case."""
    name = name.strip()
    if not name:
        raise VenueError(_l("Please enter the unit's name."), "name")
    _unique(Unit, Unit.name, name, unit.id if unit else None, _l("A unit with this name already exists."))
    created = unit is None
    unit = unit or Unit()
    unit.set_name(name)
    unit.contact_name = contact_name.strip()
    unit.contact_phone = contact_phone.strip()
    unit.contact_email = contact_email.strip().lower()
    db.session.add(unit)
    db.session.flush()
    audit.record(
        "venue.unit_create" if created else "venue.unit_edit", unit, actor=actor, details={"name": name}
    )
    return unit


# ----------------------------------------------------------------------------- locations and categories
def save_location(
    location: Location | None, *, name: str, kind: str, address: str, sort_order: int, actor
) -> Location:
    """Create or edit a location (hall, gate, press centre, street)."""
    name = name.strip()
    if not name:
        raise VenueError(_l("Please enter the location's name."), "name")
    if kind not in LOCATION_KINDS:
        raise VenueError(_l("Choose a kind from the list."), "kind")
    _unique(
        Location,
        Location.name,
        name,
        location.id if location else None,
        _l("A location with this name already exists."),
    )
    created = location is None
    location = location or Location()
    location.name, location.kind, location.address, location.sort_order = (
        name,
        kind,
        address.strip(),
        sort_order,
    )
    db.session.add(location)
    db.session.flush()
    audit.record(
        "venue.location_create" if created else "venue.location_edit",
        location,
        actor=actor,
        details={"name": name},
    )
    return location


def save_category(category: TaskCategory | None, *, name: str, sort_order: int, actor) -> TaskCategory:
    """Create or edit a category of work."""
    name = name.strip()
    if not name:
        raise VenueError(_l("Please enter the category's name."), "name")
    _unique(
        TaskCategory,
        TaskCategory.name,
        name,
        category.id if category else None,
        _l("A category with this name already exists."),
    )
    created = category is None
    category = category or TaskCategory()
    category.name, category.sort_order = name, sort_order
    db.session.add(category)
    db.session.flush()
    audit.record(
        "venue.category_create" if created else "venue.category_edit",
        category,
        actor=actor,
        details={"name": name},
    )
    return category


# ----------------------------------------------------------------------------- templates
def save_template(
    template: ChecklistTemplate | None, *, name: str, description: str, actor
) -> ChecklistTemplate:
    """Create or rename a checklist template."""
    name = name.strip()
    if not name:
        raise VenueError(_l("Please enter the template's name."), "name")
    _unique(
        ChecklistTemplate,
        ChecklistTemplate.name,
        name,
        template.id if template else None,
        _l("A template with this name already exists."),
    )
    created = template is None
    template = template or ChecklistTemplate()
    template.name, template.description = name, description.strip()
    db.session.add(template)
    db.session.flush()
    audit.record(
        "venue.template_create" if created else "venue.template_edit",
        template,
        actor=actor,
        details={"name": name},
    )
    return template


def save_item(
    template: ChecklistTemplate,
    item: TemplateItem | None,
    *,
    title: str,
    spec: str,
    quantity: int | None,
    category_id: int,
    default_unit_id: int | None,
    days_before: int,
    priority: int,
    sort_order: int,
    actor,
) -> TemplateItem:
    """Add or edit a template item: what to do, how much, which category and unit, how many days ahead."""
    if not title.strip():
        raise VenueError(_l("Please enter a title."), "title")
    category = get_in_event(TaskCategory, category_id) if category_id else None
    if category is None:
        raise VenueError(_l("This category does not exist."), "category_id")
    unit = resolve_unit(default_unit_id)
    if not 0 <= days_before <= 365:
        raise VenueError(_l("Days before the opening must be between 0 and 365."), "days_before")
    if priority not in PRIORITIES:
        raise VenueError(_l("Choose a priority from the list."), "priority")
    if quantity is not None and not 0 < quantity <= 100_000:
        raise VenueError(_l("The quantity must be between 1 and 100000."), "quantity")
    created = item is None
    item = item or TemplateItem(template=template)
    item.title, item.spec, item.quantity = title.strip(), spec.strip(), quantity
    item.category, item.default_unit = category, unit
    item.days_before, item.priority, item.sort_order = days_before, priority, sort_order
    db.session.add(item)
    db.session.flush()
    audit.record(
        "venue.template_item_create" if created else "venue.template_item_edit",
        template,
        actor=actor,
        details={"item_id": item.id, "title": item.title},
    )
    return item


def delete_item(item: TemplateItem, actor) -> None:
    """Remove an item from its template (tasks already created stay)."""
    audit.record(
        "venue.template_item_delete",
        item.template,
        actor=actor,
        details={"item_id": item.id, "title": item.title},
    )
    db.session.delete(item)
    db.session.flush()


def opening_day() -> date | None:
    """The congress's opening day (the current event's first press-centre day), if set."""
    return current_event().first_day


def due_for(opening: date, days_before: int, at: time) -> datetime:
    """The stored (UTC) deadline: ``days_before`` days before the opening, at local time ``at``."""
    return from_local(datetime.combine(opening - timedelta(days=days_before), at))


def apply_template(
    template: ChecklistTemplate,
    location_id: int,
    opening: date,
    at: time,
    actor,
    *,
    allow_past: bool = False,
    notify_people: bool = True,
) -> list[Task]:
    """Create the template's tasks at a location; refused when already applied there.

    Each task is due ``days_before`` days before ``opening`` at local time ``at`` and
    goes to the item's default unit (if any); each unit is told once, by one e-mail.
    """
    location = get_in_event(Location, location_id) if location_id else None
    if location is None:
        raise VenueError(_l("This location does not exist."), "location_id")
    if not template.items:
        raise VenueError(_l("This template has no items yet."))
    if not allow_past and opening < local_today():
        raise VenueError(_l("The opening day is in the past."), "opening_day")
    already = db.session.scalar(
        select(func.count(Task.id)).where(Task.template_id == template.id, Task.location_id == location.id)
    )
    if already:
        raise VenueError(
            _l(
                "This template was already applied to %(location)s (%(n)s tasks).",
                location=location.name,
                n=already,
            ),
            "location_id",
        )
    tasks = [
        create_task(
            title=item.title,
            spec=item.spec,
            quantity=item.quantity,
            category_id=item.category_id,
            location_id=location.id,
            unit_id=item.default_unit_id,
            due_at=due_for(opening, item.days_before, at),
            priority=item.priority,
            template_id=template.id,
            actor=actor,
            notify_people=False,
        )
        for item in template.items
    ]
    if notify_people:
        notify.assignment([t for t in tasks if t.unit_id], actor)
    audit.record(
        "venue.template_apply",
        template,
        actor=actor,
        details={"location_id": location.id, "opening": opening.isoformat(), "tasks": len(tasks)},
    )
    return tasks

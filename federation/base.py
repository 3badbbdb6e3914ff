"""The school's copy of the municipality's base of effective programmes (seed 002 item 2.3).

The office sends the published cases of the other schools with the feedback of each exchange; `cases_store` keeps
them (upserted by the school's name and the case's key there, so a case sent again replaces its older text). From a
case the curator starts a programme through the programme app's templates: the case becomes a programme template
(its title, problem, content and the directions it worked in), which the curator completes and chooses when starting
the programme of a pair or group.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.choices import Direction
from programmes.models import ProgrammeTemplate, ProgrammeTemplateActivity

from .models import HubCase

CASE_FIELDS = ("title", "summary", "body", "form", "mentoring_type")


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _text(value, limit: int | None = None) -> str:
    text = value if isinstance(value, str) else ""
    return text[:limit] if limit else text


@transaction.atomic
def cases_store(items: list[dict]) -> int:
    """Upsert the cases the office sent; malformed entries are skipped. Returns how many were stored."""
    stored = 0
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int) or not _text(item.get("title")):
            continue
        key = _text(item.get("external_id"), 120) or f"hub-{item['id']}"
        directions = [d for d in item.get("directions") or [] if isinstance(d, str)][:20]
        HubCase.objects.update_or_create(
            school_name=_text(item.get("school"), 300),
            external_id=key,
            defaults={
                "hub_case_id": item["id"],
                "title": _text(item.get("title"), 200),
                "summary": _text(item.get("summary"), 300),
                "body": _text(item.get("body")),
                "form": _text(item.get("form"), 40),
                "mentoring_type": _text(item.get("mentoring_type"), 40),
                "directions": directions,
                "published_on": _date(item.get("published_on")),
            },
        )
        stored += 1
    return stored


@transaction.atomic
def template_from_case(*, case: HubCase) -> ProgrammeTemplate:
    """A programme template made from the case (once: a second start opens the same template)."""
    code = f"case-{case.pk}"
    existing = ProgrammeTemplate.objects.filter(code=code).first()
    if existing is not None:
        return existing
    name = _("Case: %(title)s") % {"title": case.title}
    template = ProgrammeTemplate(
        code=code,
        name=name[:200],
        title=case.title[:300],
        problem=case.summary,
        content="\n\n".join(
            part
            for part in (
                case.body,
                _("From the base of practices of the municipality: %(school)s.") % {"school": case.school_name},
            )
            if part  # fmt: skip
        ),
        forms=[],  # chosen explicitly when a programme starts: it does not replace the form's own template
        is_active=True,
    )
    try:
        template.full_clean()
    except ValidationError as error:
        raise ValidationError(_("A programme template cannot be made from this case: %(reason)s")
                              % {"reason": " ".join(error.messages)}) from error  # fmt: skip
    template.save()
    directions = dict(Direction.choices)
    ProgrammeTemplateActivity.objects.bulk_create(
        [
            ProgrammeTemplateActivity(
                template=template,
                direction=code_,
                title=_("Activities of the practice «%(title)s»: %(direction)s")
                % {"title": case.title[:150], "direction": str(directions[code_]).lower()},
                week=4 * (index + 1),
                position=index,
            )
            for index, code_ in enumerate(d for d in case.directions if d in directions)
        ]
    )
    return template

"""The standard roadmap templates (fixtures/roadmap_template.json; another kind's in fixtures/roadmap_templates/):
stages and items with periods as month/day pairs of a school year; August–December fall in the year's first calendar
year, January–July in the next."""

import calendar
import datetime
import json
from pathlib import Path

from django.conf import settings

TEMPLATE_PATH = Path(settings.BASE_DIR) / "fixtures" / "roadmap_template.json"


def load_template(path: Path | None = None) -> list[dict]:
    """The template at `path`; by default the one of the organisation's kind (mentoring.kinds: a kindergarten's,
    a ДДТ's, a college's — fixtures/roadmap_templates/ — or the school's)."""
    if path is None:
        from mentoring.kinds import current_kind_profile

        path = current_kind_profile().roadmap_template
    return json.loads(path.read_text(encoding="utf-8"))


def school_date(start_year: int, month: int, day: int) -> datetime.date:
    """A month/day of the school year that starts in `start_year`; 29 February becomes the 28th in common years."""
    year = start_year if month >= 8 else start_year + 1
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))

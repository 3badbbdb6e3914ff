"""The standard roadmap template (fixtures/roadmap_template.json): stages and items with periods as
month/day pairs of a school year; August–December fall in the year's first calendar year, January–July in the next."""

import calendar
import datetime
import json
from pathlib import Path

from django.conf import settings

TEMPLATE_PATH = Path(settings.BASE_DIR) / "fixtures" / "roadmap_template.json"


def load_template(path: Path = TEMPLATE_PATH) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def school_date(start_year: int, month: int, day: int) -> datetime.date:
    """A month/day of the school year that starts in `start_year`; 29 February becomes the 28th in common years."""
    year = start_year if month >= 8 else start_year + 1
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))

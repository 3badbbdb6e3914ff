"""The standard roadmap template (fixtures/roadmap_template.json): stages and items with periods as
month/day pairs of a school year; September–December fall in the year's first calendar year."""

import datetime
import json
from pathlib import Path

from django.conf import settings

TEMPLATE_PATH = Path(settings.BASE_DIR) / "fixtures" / "roadmap_template.json"


def load_template(path: Path = TEMPLATE_PATH) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def school_date(start_year: int, month: int, day: int) -> datetime.date:
    """A month/day of the school year that starts in `start_year` (Sept–Dec) and ends the next (Jan–Aug)."""
    return datetime.date(start_year if month >= 8 else start_year + 1, month, day)

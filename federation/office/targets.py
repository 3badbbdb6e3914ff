"""The target values the office sets for the share indicators of a year (the federal 70 % by default)."""

from decimal import Decimal

from django.db import transaction

from ..models import IndicatorTarget


@transaction.atomic
def target_set(*, academic_year: str, code: str, target_percent: Decimal | None) -> IndicatorTarget | None:
    """Set the office's own target; an empty value removes it (the federal default applies again where there is one)."""
    if target_percent is None:
        IndicatorTarget.objects.filter(academic_year=academic_year, code=code).delete()
        return None
    target, _created = IndicatorTarget.objects.get_or_create(
        academic_year=academic_year, code=code, defaults={"target_percent": target_percent}
    )
    target.target_percent = target_percent
    target.full_clean()
    target.save()
    return target

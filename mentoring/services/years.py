from django.db import transaction

from ..models import AcademicYear


@transaction.atomic
def academic_year_set_current(*, year: AcademicYear) -> AcademicYear:
    """Exactly one current year: unset the others first, in the same transaction."""
    AcademicYear.objects.select_for_update().filter(is_current=True).exclude(pk=year.pk).update(is_current=False)
    year.is_current = True
    year.save(update_fields=["is_current"])
    return year

"""Information letters of the office (seed 002 item 2.1: «Информационные письма в ОО»).

A letter is published at once to all schools or to the chosen ones; each school receives it with the feedback of its
next exchange (feedback.feedback_for) and fetches the PDF by its token.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import InformationLetter, MemberSchool

PDF_MAX_BYTES = 20 * 1024 * 1024


def _pdf_content(file) -> bytes:
    if file.size > PDF_MAX_BYTES:
        raise ValidationError({"pdf": _("The PDF is larger than 20 MB. Reduce it before uploading.")})
    file.seek(0)
    content = file.read()
    if content[:5] != b"%PDF-":
        raise ValidationError({"pdf": _("Upload a PDF file; this file is of another type.")})
    return content


@transaction.atomic
def letter_publish(
    *, title: str, text: str, by, to_all: bool, schools: list[MemberSchool] | None = None, pdf=None
) -> InformationLetter:
    """Publish a letter now; to chosen schools it needs at least one school."""
    schools = list(schools or [])
    if not to_all and not schools:
        raise ValidationError({"schools": _("Choose the schools the letter is for, or send it to all schools.")})
    content = _pdf_content(pdf) if pdf else None
    letter = InformationLetter(
        title=title.strip(), text=text.strip(), to_all=to_all, created_by=by, published_at=timezone.now()
    )
    letter.full_clean(exclude=["pdf"])
    letter.save()
    if content is not None:
        letter.pdf.save(f"{letter.pk}.pdf", ContentFile(content), save=True)
    if not to_all:
        letter.schools.set(schools)
    return letter


def letters_for_school(school: MemberSchool) -> QuerySet[InformationLetter]:
    """The published letters addressed to the school (to all, or naming it)."""
    return (
        InformationLetter.objects.filter(published_at__isnull=False)
        .filter(Q(to_all=True) | Q(schools=school))
        .distinct()
        .order_by("published_at", "pk")
    )


def letters_list() -> QuerySet[InformationLetter]:
    return InformationLetter.objects.prefetch_related("schools").select_related("created_by")

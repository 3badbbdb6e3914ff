"""The document kind "annual_report" in the engine's registry (reports.documents): the end-of-year report.

Parts are the report's sections (the groups ten to a part), so the job page shows progress section by section. A
large report is rendered in chunk tasks side by side (reports.services.chunks); its running page numbers, which no
chunk can know, are stamped on the merged PDF.
"""

from django.utils.translation import gettext as _

from mentoring.permissions import STAFF_ROLES, user_has_role

from ..documents import DocumentKind, clean_year_params, register


def _year(params):
    from mentoring.models import AcademicYear

    return AcademicYear.objects.get(pk=params["year_id"])


def _title(params: dict) -> str:
    return _("End-of-year report %(year)s") % {"year": _year(params)}


def _parts(params: dict) -> list[str]:
    from .report import report_parts

    return report_parts(_year(params))


def _context(params: dict, part: str) -> dict:
    from .report import report_context

    return report_context(_year(params), part)


def _may_request(user, params: dict) -> bool:
    """The curator, the director and the methodical council (the report is theirs to discuss)."""
    return user_has_role(user, *STAFF_ROLES)


ANNUAL_REPORT = register(
    DocumentKind(
        code="annual_report",
        template="documents/annual_report.html",
        title=_title,
        clean=clean_year_params,
        parts=_parts,
        context=_context,
        may_request=_may_request,
        shared_with=STAFF_ROLES,
        docx_base_size=12,
        # A large report's group sections render side by side in chunks; its page numbers are stamped after the merge.
        chunked=True,
        page_numbers_template="documents/annual_report_page_numbers.html",
    )
)

"""Hub-side rows built directly, as the ingest leaves them: a school, its accepted package and the flattened content."""

import hashlib
import itertools

from federation.models import (
    MemberSchool,
    ReceivedPackage,
    SchoolCase,
    SchoolIndicator,
    SchoolRoadmapItem,
)
from tests import factories

YEAR = "2026/2027"
_seq = itertools.count(1)


def hub(**kwargs):
    """The installation is a municipal office, with its current year."""
    factories.OrganisationFactory(kind="municipal", short_name="Управление образования г. Азова", **kwargs)
    return factories.AcademicYearFactory()


def school(name: str | None = None, **kwargs) -> MemberSchool:
    return MemberSchool.objects.create(name=name or f"МБОУ СОШ № {next(_seq)}", **kwargs)


def package(school: MemberSchool, *, year: str = YEAR, indicators=None, roadmap=None, cases=None, body=None,
            roadmap_checksum: str = "r1") -> ReceivedPackage:  # fmt: skip
    """An accepted package of the school with its flattened rows (the previous rows of the year replaced)."""
    n = next(_seq)
    pkg = ReceivedPackage.objects.create(
        school=school, schema_version=1, academic_year=year, checksum=hashlib.sha256(str(n).encode()).hexdigest(),
        body=body or {"roadmap": {"checksum": roadmap_checksum}}, status=ReceivedPackage.Status.ACCEPTED,
    )  # fmt: skip
    for model in (SchoolIndicator, SchoolRoadmapItem, SchoolCase):
        model.objects.filter(school=school, academic_year=year).delete()
    SchoolIndicator.objects.bulk_create(
        SchoolIndicator(school=school, package=pkg, academic_year=year, code=code, numerator=num, denominator=den)
        for code, (num, den) in (indicators or {}).items()
    )
    SchoolRoadmapItem.objects.bulk_create(
        SchoolRoadmapItem(school=school, package=pkg, academic_year=year, position=i, **item)
        for i, item in enumerate(roadmap or [], start=1)
    )
    SchoolCase.objects.bulk_create(
        SchoolCase(school=school, package=pkg, academic_year=year, **case) for case in cases or []
    )
    return pkg

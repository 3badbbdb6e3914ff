"""Shared pieces of the federation tests: a hub organisation, a registered school, a package by hand."""

import copy

from django.utils import timezone

from federation.hub.registry import school_connect, school_register
from federation.package import SCHEMA_ID, SCHEMA_VERSION, package_checksum, roadmap_checksum
from tests import factories


def make_hub():
    year = factories.AcademicYearFactory()
    org = factories.OrganisationFactory(
        kind="municipal", short_name="Управление образования", full_name="Управление образования г. Кирова"
    )
    return org, year


def connected_school(name="МБОУ СШ № 7"):
    school, code = school_register(name=name, kind="school", contact="8 (8332) 00-00-00")
    school, token = school_connect(code=code, school_name=name)
    return school, token


def sample_package(year_title: str, *, name="МБОУ СШ № 7", items=2, generated_at=None, **changes) -> dict:
    roadmap = [
        {"position": i, "stage": "1. Подготовка", "number": f"1.{i}", "title": f"Мероприятие {i}",
         "period_text": "сентябрь", "period_start": None, "period_end": "2026-09-30", "responsible": "Куратор",
         "responsible_role": "curator", "status": "planned", "result_document": "Приказ", "document_kind": ""}
        for i in range(1, items + 1)
    ]  # fmt: skip
    start = int(year_title[:4])
    package = {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": (generated_at or timezone.now()).isoformat(timespec="seconds"),
        "academic_year": {"title": year_title, "start_date": f"{start}-09-01", "end_date": f"{start + 1}-05-31"},
        "organisation": {"short_name": name, "full_name": f"Школа {name}", "kind": "school"},
        "roadmap": {"checksum": roadmap_checksum(roadmap), "items": roadmap},
        "indicators": {"definitions_version": "mentoring-office/monitoring/v2", "items": [
            {"code": "share_involved", "numerator": 40, "denominator": 100},
            {"code": "groups", "numerator": 12, "denominator": None}]},
        "cases": [{"external_id": "case-1", "title": "Кейс", "summary": "Кратко", "body": "Текст", "form": "",
                   "mentoring_type": "", "directions": [], "published_on": "2026-10-01"}],
        "orders": [{"number": "1-од", "date": f"{start}-09-01", "title": "Об организации наставничества"}],
        "received_letters": [],
    }  # fmt: skip
    package = copy.deepcopy(package)
    package.update(changes)
    return package


def checksum(package: dict) -> str:
    return package_checksum(package)

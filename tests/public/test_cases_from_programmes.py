"""A best practice marked in the programmes app is where a public case starts (bank of practices → site)."""

import pytest
from django.urls import reverse

from programmes.models import Programme
from reports.public.selectors import case_draft_from_programme, completed_groups_without_case
from tests.factories_programmes import ProgrammeFactory
from tests.factories_public import completed_group

pytestmark = pytest.mark.django_db


def _best_practice(group):
    return ProgrammeFactory(
        group=group,
        status=Programme.Status.COMPLETED,
        completed_on=group.ended_on,
        is_best_practice=True,
        case_description="Молодой педагог провёл открытый урок с цифровыми ресурсами.",
    )


def test_best_practices_come_first_among_case_candidates(year):
    plain = completed_group(year=year)
    marked = completed_group(year=year)
    _best_practice(marked)
    candidates = list(completed_groups_without_case())
    assert candidates[0] == marked and candidates[0].is_best_practice
    assert plain in candidates and not candidates[candidates.index(plain)].is_best_practice


def test_a_new_case_is_prefilled_from_the_programme(client, year, curator):
    group = completed_group(year=year)
    _best_practice(group)
    assert "открытый урок" in case_draft_from_programme(group)["body"]
    client.force_login(curator)
    page = client.get(reverse("public:edit_new", args=["case"]) + f"?group={group.pk}").content.decode()
    assert "открытый урок с цифровыми ресурсами" in page

"""Issue 14 §4: closed and completed groups list their final members in «Пары и группы» and its export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from mentoring.choices import CompletionReason, GroupStatus
from mentoring.models import MentoringGroup
from mentoring.services.groups import group_complete
from tests.factories import GroupFactory
from tests.factories_programmes import make_active

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", [CompletionReason.PLAN_COMPLETED, CompletionReason.CURATOR_INITIATIVE])
def test_an_ended_group_lists_the_members_it_ended_with(client, curator, year, reason):
    group = make_active(GroupFactory(year=year))
    mentor = group.memberships.get(role="mentor").person
    mentee = group.memberships.get(role="mentee").person
    group_complete(group=group, reason=reason, on=group.planned_start, note="Переезд семьи")
    group = MentoringGroup.objects.get(pk=group.pk)
    assert group.status in (GroupStatus.COMPLETED, GroupStatus.TERMINATED)
    client.force_login(curator)
    page = client.get(reverse("mentoring:group_list")).content.decode()
    assert mentor.short_name in page and mentee.short_name in page
    export = client.get(reverse("mentoring:group_export", args=["xlsx"]))
    rows = [[str(c.value or "") for c in row] for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.rows]
    assert any(mentor.full_name in " ".join(r) and mentee.full_name in " ".join(r) for r in rows[1:])

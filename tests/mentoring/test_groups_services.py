"""Forming, changing and ending groups: consent and capacity gates, replacement history, completion."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from mentoring.choices import CompletionReason, GroupStatus, MemberRole, MenteeStatus, MentorStatus
from mentoring.models import GroupMembership, ReplacementKind, ReplacementRequest, ReplacementStatus
from mentoring.selectors import mentor_load, replacements_awaiting_order
from mentoring.services.groups import group_approve, group_complete, group_propose, group_start
from mentoring.services.membership import (
    group_member_add,
    group_member_remove,
    group_member_replace,
    mentee_support_record,
    replacement_decide,
    replacement_mark_ordered,
    replacement_request_submit,
)
from tests.factories import PersonFactory
from tests.factories_groups import BankMenteeFactory, BankMentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def propose(year, mentor, *mentees, **kw):
    return group_propose(
        year=year,
        mentors=[mentor.person],
        mentees=[m.person for m in mentees],
        form="teacher_teacher",
        types=["traditional"],
        planned_start=year.start_date + datetime.timedelta(days=60),
        planned_end=year.end_date,
        **kw,
    )


def active(group):
    group_approve(group=group, on=group.planned_start - datetime.timedelta(days=5))
    return group_start(group=group)


def load_of(profile):
    return mentor_load(profile.year).get(pk=profile.pk).load


def test_group_propose_refuses_a_mentor_without_consent(year):
    mentor = BankMentorFactory(year=year)
    mentor.person.consents.update(withdrawn_on=timezone.localdate())
    with pytest.raises(ValidationError, match="no valid personal-data consent"):
        propose(year, mentor, BankMenteeFactory(year=year))


def test_group_propose_refuses_a_mentor_at_capacity(year):
    mentor = BankMentorFactory(year=year, capacity=1)
    propose(year, mentor, BankMenteeFactory(year=year))
    with pytest.raises(ValidationError, match="can take 0 more mentee"):
        propose(year, mentor, BankMenteeFactory(year=year))


def test_completion_frees_the_mentors_place(year):
    mentor = BankMentorFactory(year=year, capacity=1)
    first = BankMenteeFactory(year=year)
    group = active(propose(year, mentor, first))
    assert load_of(mentor) == 1
    group_complete(group=group, reason=CompletionReason.PLAN_COMPLETED, on=timezone.localdate())
    group.refresh_from_db()
    assert group.status == GroupStatus.COMPLETED
    assert load_of(mentor) == 0
    first.refresh_from_db()
    assert first.status == MenteeStatus.COMPLETED
    propose(year, mentor, BankMenteeFactory(year=year))  # the freed place can be taken again


def test_termination_needs_a_reason_and_returns_mentees_to_the_board(year):
    mentor, mentee = BankMentorFactory(year=year), BankMenteeFactory(year=year)
    group = active(propose(year, mentor, mentee))
    with pytest.raises(ValidationError) as exc:
        group_complete(group=group, reason=CompletionReason.MENTOR_INITIATIVE, note=" ")
    assert "note" in exc.value.message_dict
    group_complete(group=group, reason=CompletionReason.MENTOR_INITIATIVE, note="Переезд в другой город")
    group.refresh_from_db()
    mentee.refresh_from_db()
    assert (group.status, group.completion_reason) == (GroupStatus.TERMINATED, CompletionReason.MENTOR_INITIATIVE)
    assert mentee.status == MenteeStatus.AWAITING
    assert not group.memberships.filter(left_on__isnull=True).exists()


def test_a_proposal_cannot_be_completed_only_withdrawn(year):
    group = propose(year, BankMentorFactory(year=year), BankMenteeFactory(year=year))
    with pytest.raises(ValidationError, match="no plan to complete"):
        group_complete(group=group, reason=CompletionReason.PLAN_COMPLETED)
    group_complete(group=group, reason=CompletionReason.CURATOR_INITIATIVE, note="Ошибка подбора")
    group.refresh_from_db()
    assert group.status == GroupStatus.TERMINATED


def test_mentee_petition_granted_replaces_the_mentor_and_keeps_history(year, curator):
    old, new = BankMentorFactory(year=year), BankMentorFactory(year=year)
    mentee = BankMenteeFactory(year=year)
    group = active(propose(year, old, mentee))
    petition = replacement_request_submit(
        group=group, applicant=mentee.person, kind=ReplacementKind.MENTEE_PETITION, reason="Не сложился контакт"
    )
    assert petition.status == ReplacementStatus.PENDING
    replacement_decide(request=petition, approve=True, decided_by=curator, new_mentor=new.person, note="Согласовано")
    petition.refresh_from_db()
    assert petition.status == ReplacementStatus.APPROVED
    assert (petition.leaving, petition.joining, petition.decided_by) == (old.person, new.person, curator)
    history = list(group.memberships.filter(role=MemberRole.MENTOR).order_by("pk"))
    assert [(m.person, m.left_on is None) for m in history] == [(old.person, False), (new.person, True)]
    assert "Не сложился контакт" in history[0].leave_reason
    assert load_of(old) == 0 and load_of(new) == 1
    # The group was approved by order: the change awaits a new order line (Regulation §6.2).
    assert list(replacements_awaiting_order(year)) == [petition]
    replacement_mark_ordered(request=petition, on=timezone.localdate())
    assert not replacements_awaiting_order(year).exists()
    new.refresh_from_db()
    assert new.status == MentorStatus.APPROVED


def test_petition_in_a_proposed_group_needs_no_order(year, curator):
    old, new, mentee = BankMentorFactory(year=year), BankMentorFactory(year=year), BankMenteeFactory(year=year)
    group = propose(year, old, mentee)
    petition = replacement_request_submit(
        group=group, applicant=mentee.person, kind=ReplacementKind.MENTEE_PETITION, reason="Другой предмет"
    )
    replacement_decide(request=petition, approve=True, decided_by=curator, new_mentor=new.person)
    petition.refresh_from_db()
    assert petition.needs_order is False


def test_mentee_petition_without_a_new_mentor_sends_the_mentee_back_to_the_board(year, curator):
    mentor = BankMentorFactory(year=year, capacity=3)
    stays, leaves = BankMenteeFactory(year=year), BankMenteeFactory(year=year)
    group = propose(year, mentor, stays, leaves)
    petition = replacement_request_submit(
        group=group, applicant=leaves.person, kind=ReplacementKind.MENTEE_PETITION, reason="Хочу другого наставника"
    )
    replacement_decide(request=petition, approve=True, decided_by=curator)
    leaves.refresh_from_db()
    assert leaves.status == MenteeStatus.AWAITING
    assert group.memberships.get(person=leaves.person).left_on == timezone.localdate()
    assert load_of(mentor) == 1


def test_mentor_relief_needs_a_successor_unless_a_second_mentor_stays(year, curator):
    mentor, mentee = BankMentorFactory(year=year), BankMenteeFactory(year=year)
    group = propose(year, mentor, mentee)
    relief = replacement_request_submit(
        group=group, applicant=mentor.person, kind=ReplacementKind.MENTOR_RELIEF, reason="Большая нагрузка"
    )
    with pytest.raises(ValidationError, match="without a mentor"):
        replacement_decide(request=relief, approve=True, decided_by=curator)
    relief.refresh_from_db()
    assert relief.status == ReplacementStatus.PENDING
    assert group.memberships.get(person=mentor.person).left_on is None  # rolled back
    second = BankMentorFactory(year=year)
    group_member_add(group=group, person=second.person, role=MemberRole.MENTOR)
    replacement_decide(request=relief, approve=True, decided_by=curator)
    assert set(group.memberships.filter(left_on__isnull=True, role="mentor").values_list("person", flat=True)) == {
        second.person.pk
    }


def test_refusal_needs_a_reason_and_changes_nobody(year, curator):
    mentor, mentee = BankMentorFactory(year=year), BankMenteeFactory(year=year)
    group = propose(year, mentor, mentee)
    petition = replacement_request_submit(
        group=group, applicant=mentee.person, kind=ReplacementKind.MENTEE_PETITION, reason="Причина"
    )
    with pytest.raises(ValidationError):
        replacement_decide(request=petition, approve=False, decided_by=curator)
    replacement_decide(request=petition, approve=False, decided_by=curator, note="Наставник подходит по профилю")
    petition.refresh_from_db()
    assert petition.status == ReplacementStatus.REJECTED and petition.decided_at is not None
    assert group.memberships.filter(left_on__isnull=True).count() == 2
    with pytest.raises(ValidationError, match="already been decided"):
        replacement_decide(request=petition, approve=True, decided_by=curator)


def test_only_a_current_member_may_petition_and_only_once_at_a_time(year):
    mentor, mentee = BankMentorFactory(year=year), BankMenteeFactory(year=year)
    group = propose(year, mentor, mentee)
    with pytest.raises(ValidationError, match="not a current"):
        replacement_request_submit(
            group=group, applicant=PersonFactory(), kind=ReplacementKind.MENTEE_PETITION, reason="x"
        )
    with pytest.raises(ValidationError, match="not a current"):
        replacement_request_submit(group=group, applicant=mentee.person, kind=ReplacementKind.MENTOR_RELIEF, reason="x")
    replacement_request_submit(group=group, applicant=mentee.person, kind=ReplacementKind.MENTEE_PETITION, reason="x")
    with pytest.raises(ValidationError, match="already has a request"):
        replacement_request_submit(
            group=group, applicant=mentee.person, kind=ReplacementKind.MENTEE_PETITION, reason="y"
        )


def test_replacement_by_a_full_mentor_is_refused_and_nothing_changes(year, curator):
    old, mentee = BankMentorFactory(year=year), BankMenteeFactory(year=year)
    full = BankMentorFactory(year=year, capacity=1)
    propose(year, full, BankMenteeFactory(year=year))
    group = active(propose(year, old, mentee))
    with pytest.raises(ValidationError, match="can take 0 more"):
        group_member_replace(group=group, leaving=old.person, joining=full.person, reason="Замена")
    assert group.memberships.get(person=old.person).left_on is None
    assert not ReplacementRequest.objects.exists()


def test_replacement_by_a_mentor_without_consent_is_refused(year):
    old, mentee = BankMentorFactory(year=year), BankMenteeFactory(year=year)
    lapsed = BankMentorFactory(year=year)
    lapsed.person.consents.update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    group = propose(year, old, mentee)
    with pytest.raises(ValidationError, match="no valid personal-data consent"):
        group_member_replace(group=group, leaving=old.person, joining=lapsed.person, reason="Замена")


def test_adding_a_mentee_to_an_approved_group_is_recorded_for_an_order(year, curator):
    mentor = BankMentorFactory(year=year, capacity=2)
    group = active(propose(year, mentor, BankMenteeFactory(year=year)))
    newcomer = BankMenteeFactory(year=year)
    with pytest.raises(ValidationError):  # a reason is required for a change of an ordered group
        group_member_add(group=group, person=newcomer.person, role=MemberRole.MENTEE)
    group_member_add(group=group, person=newcomer.person, role=MemberRole.MENTEE, reason="Запрос", by=curator)
    change = ReplacementRequest.objects.get()
    assert (change.kind, change.joining, change.needs_order) == (ReplacementKind.CURATOR, newcomer.person, True)
    newcomer.refresh_from_db()
    assert newcomer.status == MenteeStatus.PAIRED
    with pytest.raises(ValidationError, match="can take 0 more"):
        group_member_add(group=group, person=BankMenteeFactory(year=year).person, role="mentee", reason="Ещё")


def test_the_last_mentee_cannot_be_removed(year):
    group = propose(year, BankMentorFactory(year=year), mentee := BankMenteeFactory(year=year))
    with pytest.raises(ValidationError, match="without mentees"):
        group_member_remove(group=group, person=mentee.person, reason="Ушёл")
    assert GroupMembership.objects.filter(group=group, left_on__isnull=True).count() == 2


def test_support_notes_accumulate_and_mark_the_mentee_supported(year):
    mentee = BankMenteeFactory(year=year)
    mentee_support_record(profile=mentee, note="Консультация педагога-психолога", on=datetime.date(2025, 11, 10))
    mentee_support_record(profile=mentee, note="Посещение уроков коллег", on=datetime.date(2025, 11, 20))
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.SUPPORTED
    assert mentee.support_notes.splitlines() == [
        "10.11.2025 — Консультация педагога-психолога",
        "20.11.2025 — Посещение уроков коллег",
    ]
    with pytest.raises(ValidationError):
        mentee_support_record(profile=mentee, note="  ")

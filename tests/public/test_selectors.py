"""THE publication rule (Regulation §8.2 + 152-ФЗ) on every combination: group state × published × consent."""

import datetime
import itertools

import pytest
from django.utils import timezone

from mentoring.choices import CompletionReason, GroupStatus
from mentoring.models import Consent
from reports.models import Case
from reports.public import home, selectors
from tests import factories
from tests import factories_public as fp

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _force_case(group, *, published: bool) -> Case:
    """A case row written straight to the database, bypassing the services: the selector must still hold."""
    return Case.objects.create(
        group=group,
        slug=f"case-{group.pk}",
        title="Кейс",
        summary="Кратко",
        body="Текст",
        body_html="<p>Текст</p>",
        is_published=published,
        published_at=timezone.now() if published else None,
    )


def _set_status(group, status):
    if status == GroupStatus.COMPLETED:
        return _complete(group, CompletionReason.PLAN_COMPLETED)
    if status == GroupStatus.TERMINATED:
        return _complete(group, CompletionReason.MENTEE_INITIATIVE, GroupStatus.TERMINATED)
    if status in (GroupStatus.APPROVED, GroupStatus.ACTIVE):
        group.status, group.approved_on = status, group.year.start_date
        group.save()
    return group


def _complete(group, reason, status=GroupStatus.COMPLETED):
    group.status, group.approved_on = status, group.year.start_date
    group.ended_on, group.completion_reason, group.completion_note = TODAY, reason, "причина"
    group.save()
    return group


# The rule reads the consent to publication only (152-ФЗ art. 10.1), never the processing consent: the states
# where only the publication consent is in force name the person; those where only processing is, do not.
CONSENT_STATES = [
    "publication",
    "publication_without_processing",
    "processing_withdrawn_in_db",
    "no_publication",
    "withdrawn",
    "expired",
    "not_yet",
    "anonymised",
    "none",
]
NAMED_STATES = {"publication", "publication_without_processing", "processing_withdrawn_in_db"}


def _apply_consent(person, state):
    processing = Consent.objects.filter(person=person, kind="processing").first()
    if state == "none":
        Consent.objects.filter(person=person).delete()
        return
    if state == "no_publication":
        return  # a valid processing consent alone never makes a name public
    publication = factories.PublicationConsentFactory(person=person)
    if state == "publication_without_processing":
        processing.delete()
    if state == "processing_withdrawn_in_db":
        processing.withdrawn_on = TODAY
        processing.save()
    if state == "withdrawn":
        publication.withdrawn_on = TODAY
    if state == "expired":
        publication.valid_from = TODAY - datetime.timedelta(days=400)
        publication.valid_until = TODAY - datetime.timedelta(days=1)
    if state == "not_yet":
        publication.valid_from = TODAY + datetime.timedelta(days=1)
    publication.save()
    if state == "anonymised":
        person.anonymised_at = timezone.now()
        person.save()


@pytest.mark.parametrize(
    ("status", "published"),
    list(
        itertools.product(
            [GroupStatus.PROPOSED, GroupStatus.ACTIVE, GroupStatus.COMPLETED, GroupStatus.TERMINATED], [True, False]
        )
    ),
)
def test_case_is_public_only_when_group_completed_and_published(status, published):
    group = _set_status(factories.GroupFactory(), status)
    case = _force_case(group, published=published)
    expected = status == GroupStatus.COMPLETED and published
    assert selectors.case_is_public(case) is expected
    assert [c.slug for c in selectors.published_cases()] == ([case.slug] if expected else [])
    assert (selectors.published_case_by_pk(case.pk) is not None) is expected


@pytest.mark.parametrize("state", CONSENT_STATES)
def test_member_named_only_with_valid_consent_to_publication(state):
    group = fp.completed_group()
    mentor = group.memberships.get(role="mentor").person
    mentor.subject = "математика"
    mentor.save()
    _apply_consent(mentor, state)
    case = fp.case(group)
    [public] = selectors.published_cases()
    mentor_line = public.participants[0]
    if state in NAMED_STATES:
        assert mentor.full_name in mentor_line
        assert selectors.person_may_be_published(mentor)
    else:
        assert mentor.last_name not in mentor_line
        assert mentor_line == selectors.role_description(mentor, "mentor")
        assert mentor_line.endswith("(математика)")
        assert not selectors.person_may_be_published(mentor)
    assert public.case.pk == case.pk


@pytest.mark.parametrize(
    ("status", "published", "consent"),
    list(
        itertools.product(
            [GroupStatus.ACTIVE, GroupStatus.COMPLETED], [True, False], ["publication", "no_publication", "withdrawn"]
        )
    ),
)
def test_every_combination_of_completion_publication_and_consent(status, published, consent):
    group = _set_status(factories.GroupFactory(), status)
    mentee = group.memberships.get(role="mentee").person
    _apply_consent(mentee, consent)
    _force_case(group, published=published)
    cases = selectors.published_cases()
    if not (status == GroupStatus.COMPLETED and published):
        assert cases == []
        return
    [public] = cases
    named = any(mentee.last_name in line for line in public.participants)
    assert named is (consent == "publication")


def test_withdrawing_consent_removes_the_name_at_once():
    group = fp.completed_group()
    mentor = group.memberships.get(role="mentor").person
    fp.set_publication(mentor, True)
    fp.case(group)
    assert mentor.last_name in selectors.published_cases()[0].participants[0]
    Consent.objects.filter(person=mentor, kind="publication").update(withdrawn_on=TODAY)
    assert mentor.last_name not in selectors.published_cases()[0].participants[0]


def test_case_text_naming_a_non_consenting_member_is_hidden():
    group = fp.completed_group()
    mentee = group.memberships.get(role="mentee").person
    mentee.last_name = "Лебедева"
    mentee.save()
    fp.set_publication(mentee, True)
    case = fp.case(group, body="Наставляемой Лебедевой помогли.")
    assert selectors.case_is_public(case)
    # Consent withdrawn after publication: the case leaves the site rather than name the person (fail closed).
    Consent.objects.filter(person=mentee, kind="publication").update(withdrawn_on=TODAY)
    assert not selectors.case_is_public(case)
    assert selectors.published_cases() == []


def test_image_shown_only_while_everyone_in_it_consents(jpeg_with_gps):
    group = fp.completed_group()
    people = [m.person for m in group.memberships.all()]
    for p in people:
        fp.set_publication(p, True)
    case = fp.case(group, image=jpeg_with_gps(), image_alt="Пара на уроке", people_in_image=people)
    assert selectors.published_cases()[0].image_visible
    fp.set_publication(people[1], False)
    assert not selectors.published_cases()[0].image_visible
    item = fp.news(image=jpeg_with_gps(), image_alt="Фото", people_in_image=[people[0]])
    assert selectors.published_news_item(item.slug).image_visible
    Consent.objects.filter(person=people[0], kind="publication").update(withdrawn_on=TODAY)
    assert not selectors.published_news_item(item.slug).image_visible
    assert case.pk


def test_minor_named_only_with_representatives_consent_to_publication():
    group = fp.completed_group()
    pupil = factories.StudentFactory(consent=None, grade="7Б")
    factories.ConsentFactory(person=pupil)
    group.memberships.filter(role="mentee").update(person=pupil)
    fp.case(group)
    line = selectors.published_cases()[0].participants[1]
    assert pupil.last_name not in line
    assert "7" in line and "Б" not in line  # the class number only, never the letter
    publication = factories.PublicationConsentFactory(person=pupil)
    assert publication.signed_by == "representative" and publication.representative_name
    assert pupil.last_name in selectors.published_cases()[0].participants[1]


def test_unpublished_drafts_never_listed():
    fp.news(published=False, title="Черновик новости")
    fp.page(published=False, title="Черновик страницы")
    fp.memo(published=False, title="Черновик памятки")
    fp.document(published=False, title="Черновик документа")
    assert selectors.published_news() == []
    assert list(selectors.published_pages()) == []
    assert list(selectors.published_memos()) == []
    assert list(selectors.published_documents()) == []


def test_figures_count_current_pairs_without_names(year):
    active = factories.GroupFactory(year=year)
    _set_status(active, GroupStatus.ACTIVE)
    factories.GroupFactory(year=year)  # a proposal: not yet official (Regulation §6.2)
    fp.completed_group(year=year)
    figures = home.public_figures()
    assert figures == {"groups": 1, "mentors": 1, "mentees": 1, "completed": 1}


def test_curator_named_on_contacts_only_with_consent(curator, organisation):
    person = factories.PersonFactory(user=None)
    person.user = curator
    person.save()
    assert home.public_contacts().curator_name == ""
    fp.set_publication(person, True)
    assert home.public_contacts().curator_name == person.full_name


def test_current_programmes_have_no_personal_data(year):
    from programmes.models import Programme

    group = _set_status(factories.GroupFactory(year=year), GroupStatus.ACTIVE)
    mentor = group.memberships.get(role="mentor").person
    Programme.objects.create(
        group=group,
        title=f"Программа {mentor.last_name}",
        goals=f"Помочь {mentor.last_name}",
        start_date=year.start_date,
        end_date=year.start_date + datetime.timedelta(days=200),
        status="agreed",
        agreed_on=year.start_date,
    )
    [programme] = home.current_programmes()
    assert mentor.last_name not in repr(programme)
    assert programme.mentees

"""On a phone: a mentor logs in, logs a joint-work meeting, fills the feedback form, marks an activity done,
and sees the programme's progress change."""

import pytest
from django.utils import timezone

from mentoring.models import Question, Questionnaire
from programmes.loading import load_questionnaires
from programmes.models import FeedbackRequest
from tests import factories
from tests.factories_programmes import ActiveGroupFactory, ActivityFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_mentor_logs_a_meeting_fills_feedback_and_marks_progress_on_a_phone(page, live_server, login_as):
    load_questionnaires(Questionnaire, Question)  # transactional tests start from a flushed database
    year = factories.AcademicYearFactory()
    group = ActiveGroupFactory(year=year)
    mentor = group.memberships.get(role="mentor").person
    factories.UserFactory(username="phone_mentor", roles=["mentor"], person=mentor)
    programme = ProgrammeFactory(group=group)
    first = ActivityFactory(programme=programme, direction="methodical", title="Технологическая карта урока")
    ActivityFactory(programme=programme, direction="digital", title="Электронный журнал")

    login_as("phone_mentor")
    page.goto(f"{live_server.url}/programmes/my/")
    card = page.locator(f"[data-group='{group.pk}']")
    assert card.locator("[data-progress]").inner_text() == "0 / 2"
    # Nothing overflows sideways on a 390 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    card.get_by_role("link", name="Отметить встречу").click()
    page.select_option("select[name=kind]", "joint_work")
    page.fill("input[name=date]", timezone.localdate().isoformat())
    page.fill("input[name=topic]", "Разбор урока в 7Б")
    page.get_by_role("button", name="Сохранить").click()

    # Straight to the short feedback form after a joint-work meeting.
    page.wait_for_url("**/programmes/feedback/*/")
    assert "Обратная связь наставника после встречи" in page.locator("h1").inner_text()
    feedback = FeedbackRequest.objects.get(person=mentor, meeting__group=group)
    for question in feedback.questionnaire.questions.order_by("number"):
        name = f"q{question.pk}"
        if question.kind == Question.Kind.SCALE:
            page.check(f"input[name={name}][value='9']")
        elif question.kind == Question.Kind.MULTIPLE:
            page.check(f"input[name={name}][value='analysis']")
    page.get_by_role("button", name="Отправить").click()
    page.wait_for_url("**/programmes/my/")
    assert "Спасибо" in page.locator(".alert").first.inner_text()
    feedback.refresh_from_db()
    assert feedback.status == "done"

    page.locator(f"[data-group='{group.pk}']").get_by_role("link", name="Открыть программу").click()
    page.locator(f"[data-mark-done='{first.pk}']").click()
    page.wait_for_load_state()
    assert page.locator("[data-progress]").first.inner_text() == "1 / 2"
    page.goto(f"{live_server.url}/programmes/my/")
    assert page.locator(f"[data-group='{group.pk}'] [data-progress]").inner_text() == "1 / 2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

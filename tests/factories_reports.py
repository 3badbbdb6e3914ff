"""Factories and builders for orders and documents; orders go through the services, as in the application."""

import io

from django.test import TestCase
from pypdf import PdfReader

from mentoring.models import Question, Questionnaire
from reports.services import order_approve, order_create, order_submit
from tests import factories


def pairing_order(*, year, curator, groups=None, submit=True):
    groups = groups if groups is not None else [factories.GroupFactory(year=year) for _ in range(2)]
    order = order_create(year=year, order_type="pairing", created_by=curator, groups=groups)
    if submit:
        order = order_submit(order=order, user=curator)
    return order


def approve_now(**kwargs):
    """Approve an order as the director does, then run what waits for the commit — the frozen PDF's rendering —
    as a real commit would (the tests' transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        order = order_approve(**kwargs)
    order.refresh_from_db()
    return order


def questionnaire_with_questions():
    questionnaire = Questionnaire.objects.create(
        code="needs-test", kind="mentee_needs", audience="mentee", title="Анкета наставляемого"
    )
    Question.objects.create(questionnaire=questionnaire, number=1, text="Ваши затруднения", kind="long_text")
    Question.objects.create(
        questionnaire=questionnaire,
        number=2,
        text="Форма наставничества",
        kind="single",
        choices=[["teacher_teacher", "Педагог – педагог"], ["teacher_student", "Учитель – ученик"]],
    )
    Question.objects.create(questionnaire=questionnaire, number=3, text="Оцените готовность", kind="scale")
    return questionnaire


def pdf_images(data: bytes) -> int:
    reader = PdfReader(io.BytesIO(data))
    return sum(len(page.images) for page in reader.pages)

"""Приложение 1 to the organisation order: the Regulation on mentoring, generated after seed 001's structure.

The text is Markdown (`templates/documents/regulation/regulation.md`) filled with the school's name, the forms and
types of mentoring it uses and the year. The curator edits it on the order before submitting; the order keeps the
text and freezes it on approval. Printing goes Markdown → HTML → an allow-list clean, so whatever the curator
typed prints as text, headings and numbered points, never as markup of its own.
"""

import re

import markdown
import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from mentoring.choices import MentoringForm, MentoringType

TEMPLATE = "documents/regulation/regulation.md"

# Seed 001 §2.4: what each type of mentoring is (the Regulation's own wording, shortened).
TYPE_DEFINITIONS = {
    MentoringType.VIRTUAL: (
        "наставничество с использованием информационно-коммуникационных технологий (видеоконференции, платформы "
        "для дистанционного обучения, социальные сети, тематические интернет-порталы и др.), обеспечивающее "
        "постоянное общение и обмен опытом между наставником и наставляемым."
    ),
    MentoringType.GROUP: "один наставник взаимодействует с группой наставляемых одновременно (от двух человек).",
    MentoringType.SHORT_TERM: (
        "наставник и наставляемый встречаются по заранее установленному графику для постановки конкретных целей, "
        "ориентированных на определённые краткосрочные результаты."
    ),
    MentoringType.REVERSE: (
        "младший по возрасту участник становится наставником опытного по вопросам новых тенденций и технологий, "
        "а опытный — наставником младшего в вопросах методики и организации деятельности."
    ),
    MentoringType.SITUATIONAL: (
        "наставник оказывает помощь или консультацию всякий раз, когда наставляемый нуждается в них."
    ),
    MentoringType.SPEED: (
        "однократная встреча наставляемого (наставляемых) с наставником более высокого уровня с целью построения "
        "взаимоотношений и обмена опытом («равный — равному»)."
    ),
    MentoringType.TRADITIONAL: (
        "взаимодействие между более опытным и начинающим участником в течение продолжительного времени; "
        "наставник и наставляемый подбираются по опыту, навыкам и личностным характеристикам."
    ),
}
TEACHER_FORMS = {
    MentoringForm.TEACHER_TEACHER,
    MentoringForm.DIRECTOR_TEACHER,
    MentoringForm.EMPLOYER_STUDENT,
    MentoringForm.LECTURER_YOUNG_TEACHER,
}

ALLOWED_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "strong", "em", "br", "table", "thead", "tbody", "tr", "th", "td"}
_POINT = re.compile(r"<p>(\d+(?:\.\d+)+\.?|\d+\))\s")


def forms_and_types_in_use(year) -> tuple[list[str], list[str]]:
    """The forms and types of the year's groups and banks (two small queries each); all of them when none yet."""
    from mentoring.models import MenteeProfile, MentoringGroup, MentorProfile

    forms, types = set(), set()
    for form, group_types in MentoringGroup.objects.filter(year=year).values_list("form", "types"):
        forms.add(form)
        types.update(group_types or [])
    for preferred_forms, preferred_types in MentorProfile.objects.filter(year=year).values_list(
        "preferred_forms", "preferred_types"
    ):
        forms.update(preferred_forms or [])
        types.update(preferred_types or [])
    for form, preferred_types in MenteeProfile.objects.filter(year=year).values_list(
        "preferred_form", "preferred_types"
    ):
        forms.update([form] if form else [])
        types.update(preferred_types or [])
    forms = [f for f in MentoringForm.values if f in forms] or list(MentoringForm.values)
    types = [t for t in MentoringType.values if t in types] or list(MentoringType.values)
    return forms, types


def regulation_context(*, organisation, year) -> dict:
    forms, types = forms_and_types_in_use(year)
    teacher = any(f in TEACHER_FORMS for f in forms)
    student = any(f not in TEACHER_FORMS for f in forms)
    if teacher and student:
        participants = "педагогических работников и обучающихся"
    else:
        participants = "педагогических работников" if teacher else "обучающихся"
    with translation.override(settings.LANGUAGE_CODE):  # the document is Russian whatever the request's language
        return {
            "organisation": organisation,
            "year": year,
            "forms": [str(MentoringForm(f).label) for f in forms],
            "types": [{"label": str(MentoringType(t).label), "definition": TYPE_DEFINITIONS[t]} for t in types],
            "participants_gen": participants,
            "has_teacher_forms": teacher,
            "has_student_forms": student,
        }


def regulation_markdown(*, organisation, year) -> str:
    """The full Regulation for this school and year, as the Markdown the curator edits."""
    text = render_to_string(TEMPLATE, regulation_context(organisation=organisation, year=year))
    text = re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n"))
    return text.strip() + "\n"


def regulation_html(text: str) -> SafeString:
    """Markdown → HTML → allow-list clean; numbered points get a class so they print as numbered paragraphs."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # Headings written with a single «#» are h1 in Markdown: the document's own heading is the only h1.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
        attributes={},
        url_schemes=set(),
        strip_comments=True,
    )
    cleaned = _POINT.sub(lambda m: f'<p class="point"><span class="num">{m.group(1)}</span> ', cleaned)
    return mark_safe(cleaned)  # noqa: S308 — cleaned against the allow-list just above

"""The demo school's public section: pages, documents, news, memos and cases of the completed groups."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.utils import timezone
from PIL import Image, ImageDraw

from mentoring.choices import GroupStatus, MemberRole
from mentoring.models import Consent, User

from . import selectors, services

ABOUT = """Наставничество в нашей школе — это поддержка молодых педагогов и обучающихся опытными коллегами.
Программа реализуется в рамках целевой модели наставничества по Положению о наставничестве.

## Формы наставничества

- «педагог – педагог»: опытный учитель помогает молодому специалисту войти в профессию;
- «учитель – ученик» и «ученик – ученик»: поддержка в учёбе, проектах и выборе профессии.

## Как это устроено

1. Куратор собирает запросы наставляемых и формирует базы наставников и наставляемых.
2. Пары и группы утверждаются приказом директора.
3. Для каждой пары составляется персонализированная программа на срок от 3 месяцев до года.
4. Результаты программ публикуются на этой странице после их завершения."""

HOW_TO = """Стать наставником может любой педагог школы с опытом работы, а также старшеклассник,
готовый поддержать младших.

1. Заполните анкету наставника у куратора.
2. Подпишите согласие на обработку персональных данных.
3. Пройдите установочную сессию для наставников."""

MEMOS = [
    ("mentors", "Памятка наставнику", "## Что важно\n\n- Договоритесь о графике встреч.\n"
     "- Ставьте цели вместе с наставляемым.\n- Давайте обратную связь после каждой встречи.\n"
     "- Отмечайте успехи, даже небольшие."),
    ("mentors", "Как провести первую встречу", "1. Познакомьтесь и расскажите о себе.\n2. Обсудите ожидания.\n"
     "3. Договоритесь о правилах работы.\n4. Наметьте первые шаги."),
    ("mentees", "Памятка наставляемому", "- Сформулируйте свой запрос заранее.\n- Не бойтесь задавать вопросы.\n"
     "- Ведите записи по итогам встреч.\n- Заполняйте анкеты обратной связи."),
    ("mentees", "Как подготовиться к открытому уроку",
     "Обсудите с наставником цель урока, продумайте этапы и приёмы, проведите пробный урок."),
    ("parents", "Родителям: что такое наставничество «ученик – ученик»",
     "Старшеклассник помогает младшему школьнику в учёбе и проектах. Участие добровольное; "
     "нужно согласие родителя на обработку персональных данных."),
]  # fmt: skip
NEWS = [
    ("Стартовала программа наставничества нового учебного года", "Сформированы наставнические пары и группы.", False),
    ("Установочная сессия для наставников", "Наставники познакомились с Положением и программой.", False),
    ("Открытые уроки молодых педагогов", "Молодые учителя провели открытые уроки при поддержке наставников.", False),
    ("Конкурс проектов «ученик – ученик»", "Объявляем конкурс проектов наставнических пар обучающихся.", True),
    ("Итоговое мероприятие программы наставничества", "Подведём итоги года и наградим участников.", True),
    (
        "Методический семинар «Наставничество в цифровой среде»",
        "Поделились опытом работы с цифровыми инструментами.",
        False,
    ),  # noqa: E501
]


def _pdf(title: str, text: str) -> SimpleUploadedFile:
    from ..fonts import FONTS_CSS
    from ..pdf import html_to_pdf

    head = f"<link rel='stylesheet' href='{static(FONTS_CSS)}'>"  # the shipped fonts, as every document
    html = f"<html lang='ru'><head>{head}</head><body><h1>{title}</h1><p>{text}</p></body></html>"
    return SimpleUploadedFile(f"{title}.pdf", html_to_pdf(html), "application/pdf")


def _image(seed: int) -> SimpleUploadedFile:
    """A simple drawn picture: the demo carries no photographs of anyone."""
    img = Image.new("RGB", (1200, 750), (11 + seed * 20 % 200, 61, 110))
    draw = ImageDraw.Draw(img)
    for i in range(8):
        top = 200 + (i * 37 + seed * 11) % 300
        draw.ellipse((80 + i * 130, top, 200 + i * 130, top + 120), fill=(242, 245, 248))
    out = io.BytesIO()
    img.save(out, format="JPEG")
    return SimpleUploadedFile(f"demo{seed}.jpg", out.getvalue(), "image/jpeg")


def build(demo) -> None:
    editor = User.objects.filter(username=demo.logins.get("site_editor", "editor")).first()
    curator = User.objects.filter(username=demo.logins.get("curator", "curator")).first()
    today = timezone.localdate()

    about = services.page_save(
        saved_by=editor, slug="about", title="О наставничестве в школе", summary="Кто, как и зачем.", body=ABOUT
    )
    how = services.page_save(saved_by=editor, title="Как стать наставником", body=HOW_TO, position=1)
    services.page_save(saved_by=editor, title="Черновик страницы", body="Ещё не готово.", position=9)
    for page in (about, how):
        services.item_publish(item=page, published_by=editor)

    for kind, title, text, approved in [
        (
            "regulation",
            "Положение о наставничестве",
            "Положение о системе наставничества педагогических работников.",
            demo.year.start_date,
        ),  # noqa: E501
        (
            "roadmap",
            f"Дорожная карта {demo.year.title}",
            "План мероприятий по реализации целевой модели наставничества.",
            demo.year.start_date,
        ),  # noqa: E501
        (
            "methodical",
            "Методические рекомендации по наставничеству",
            "Рекомендации для наставников и кураторов.",
            None,
        ),  # noqa: E501
    ]:
        doc = services.document_save(
            saved_by=curator, kind=kind, title=title, description=text, file=_pdf(title, text), approved_on=approved
        )  # noqa: E501
        services.item_publish(item=doc, published_by=curator)

    for n, (title, summary, announcement) in enumerate(NEWS):
        item = services.news_save(
            saved_by=editor,
            title=title,
            summary=summary,
            body=f"{summary}\n\nПодробности — у куратора наставничества.",
            is_announcement=announcement,
            event_date=today + datetime.timedelta(days=10 + n * 7) if announcement else None,
            image=_image(n) if n % 2 == 0 else None,
            image_alt="Рисунок: эмблема программы наставничества" if n % 2 == 0 else "",
        )
        services.item_publish(item=item, published_by=editor)
    services.news_save(saved_by=editor, title="Черновик новости", summary="Не опубликовано.", body="Текст.")

    for position, (audience, title, body) in enumerate(MEMOS):
        memo = services.memo_save(saved_by=editor, audience=audience, title=title, body=body, position=position)
        services.item_publish(item=memo, published_by=editor)

    completed = [g for g in demo.groups if g.status == GroupStatus.COMPLETED]
    for n, group in enumerate(completed):
        mentor = group.memberships.filter(role=MemberRole.MENTOR).select_related("person").first().person
        # Deterministic mix: the first case's mentor agreed to publication of the name, the second's did not.
        if n < 2:
            Consent.objects.filter(person=mentor).update(allows_publication=(n == 0))
        described = selectors.role_description(mentor, MemberRole.MENTOR)
        case = services.case_save(
            group=group,
            saved_by=curator,
            title=f"Кейс {n + 1}: {group.get_form_display()}",
            summary="Как пара достигла целей программы.",
            body=f"Участники: {described} и наставляемый.\n\n## Что сделано\n\n- Проведены встречи по плану.\n"
            "- Подготовлен и проведён открытый урок.\n\n## Результат\n\nЗатруднения наставляемого преодолены.",
            image=_image(10 + n),
            image_alt="Рисунок к кейсу наставнической пары",
            people_in_image=[m.person for m in group.memberships.all()] if n == 0 else [],
        )
        if n < len(completed) - 1:  # the last one stays a draft: the curator has not published it
            services.item_publish(item=case, published_by=curator)

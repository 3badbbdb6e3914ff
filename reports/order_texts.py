"""The standard wording of each order (seed 001 roadmap, seed 002 §1.3, DOMAIN.md «Official orders on paper»).

The text is Russian on purpose: it is the legal wording the curator edits and the director signs, not interface
text. Each builder returns title, preamble and items (one per paragraph) from the current data.
"""

import datetime

from mentoring.models import AcademicYear, Organisation, Person
from mentoring.russian import decline_short, name_with_position, ru_date

BASIS = (
    "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих "
    "образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам "
    "среднего профессионального образования, в том числе с применением лучших практик обмена опытом между "
    "обучающимися»"
)
CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."


ORDER_VERB = "ПРИКАЗЫВАЮ:"


def _d(day: datetime.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "___________"


def people_list(people, case: str) -> str:
    """Names with positions in a case, separated by semicolons: the list an item of an order gives."""
    return "; ".join(name_with_position(p, case) for p in people)


def person_in_case(person: Person | None, case: str = "nom", *, with_position: bool = True) -> str:
    """A person as an order names them, in the case the sentence needs («назначить» + accusative, «поручить» +
    dative): «Смирнову О. В., заместителя директора по УВР». The one place orders build a name."""
    if person is None:
        return "___________"
    return name_with_position(person, case) if with_position else decline_short(person, case)


def close_preamble(text: str) -> str:
    """GOST R 7.0.97-2016: the preamble runs into «ПРИКАЗЫВАЮ:» — it ends with a comma unless it already ends
    with its own punctuation; a «ПРИКАЗЫВАЮ:» typed at its end is dropped (the template prints it)."""
    text = (text or "").strip()
    if text.upper().endswith(ORDER_VERB):
        text = text[: -len(ORDER_VERB)].rstrip()
    if text and text[-1] not in ".,;:!?…":
        text += ","
    return text


def organisation_text(*, organisation: Organisation, year: AcademicYear, appointee: Person | None) -> dict:
    # «Назначить» takes the accusative; «поручить» the dative.
    curator = person_in_case(appointee, "acc")
    curator_dat = f"куратору {person_in_case(appointee, 'dat', with_position=False)}" if appointee else "куратору"
    return {
        "title": "Об организации наставничества",
        "preamble": (
            f"{BASIS}, в целях реализации системы (целевой модели) наставничества педагогических работников "
            f"и обучающихся в {organisation.short_name} в {year.title} учебном году,"
        ),
        "items": [
            f"Внедрить систему (целевую модель) наставничества в {organisation.short_name} "
            f"с {_d(year.start_date)} по {_d(year.end_date)}.",
            "Утвердить Положение о системе (целевой модели) наставничества (приложение 1).",
            f"Утвердить дорожную карту (план мероприятий) по реализации Положения о наставничестве на "
            f"{year.title} учебный год (приложение 2).",
            f"Назначить куратором внедрения целевой модели наставничества {curator}.",
            f"Поручить {curator_dat} сформировать базы наставников и наставляемых, обеспечить получение согласий "
            "участников на обработку персональных данных, организовать мониторинг реализации программы "
            "наставничества.",
            "Разместить настоящий приказ, Положение и дорожную карту в разделе «Наставничество» официального "
            "сайта образовательной организации.",
            CONTROL,
        ],
    }


def pairing_text(*, organisation: Organisation, year: AcademicYear, group_count: int, change_count: int = 0) -> dict:
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    items = []
    if group_count:
        items.append(
            f"Закрепить наставнические пары/группы на {year.title} учебный год согласно приложению "
            f"(пар и групп: {group_count})."
        )
    if change_count:
        # Regulation §4.1, §5.1: a replacement in an approved pair or group is confirmed by order (§6.2).
        items.append(
            "Утвердить изменения в составе ранее закреплённых наставнических пар/групп согласно приложению "
            f"(изменений: {change_count})."
        )
    return {
        "title": "О закреплении наставнических пар/групп",
        "preamble": (
            f"В соответствии с Положением о системе (целевой модели) наставничества в {organisation.short_name}, "
            "на основании сформированных баз наставников и наставляемых, с учётом запросов наставляемых и "
            "взаимного согласия участников,"
        ),
        "items": [
            *items,
            "Наставникам совместно с наставляемыми разработать персонализированные программы наставничества "
            f"в срок до {_d(deadline)}.",
            "Куратору обеспечить организационное и методическое сопровождение наставнических пар/групп и "
            "мониторинг реализации программ.",
            CONTROL,
        ],
    }


def final_event_text(
    *, organisation: Organisation, year: AcademicYear, event_date: datetime.date | None, people=()
) -> dict:
    responsible = (
        f"Назначить ответственными за подготовку и проведение мероприятия: {people_list(people, 'acc')}."
        if people
        else "Назначить ответственными за подготовку и проведение мероприятия лиц, указанных в приложении."
    )
    return {
        "title": "О проведении итогового мероприятия в рамках реализации системы (целевой модели) наставничества",
        "preamble": (
            f"В соответствии с дорожной картой реализации целевой модели наставничества в "
            f"{organisation.short_name} на {year.title} учебный год, в целях подведения итогов и выявления "
            "лучших практик наставничества,"
        ),
        "items": [
            f"Провести итоговое мероприятие наставников и наставляемых {ru_date(event_date) or _d(None)}.",
            responsible,
            "Наставникам и наставляемым подготовить презентации результатов реализации персонализированных "
            "программ наставничества.",
            "Куратору провести анкетирование удовлетворённости участников и пополнить методическую копилку "
            "лучших практик наставничества.",
            CONTROL,
        ],
    }


def _is_thanks(note: str) -> bool:
    return not note.strip() or "благодарн" in note.lower()


def reward_text(*, organisation: Organisation, year: AcademicYear, people=()) -> dict:
    """People as (person, reward) pairs: those thanked are named in the item (dative), other rewards by the annex."""
    thanked = [p for p, note in people if _is_thanks(note)]
    others = [p for p, note in people if not _is_thanks(note)]
    items = []
    if thanked:
        items.append(
            "Объявить благодарность за активное участие в наставнической деятельности и достигнутые результаты: "
            f"{people_list(thanked, 'dat')}."
        )
    if others or not people:
        items.append("Поощрить участников наставнической деятельности согласно приложению.")
    return {
        "title": "О поощрении участников наставнической деятельности",
        "preamble": (
            f"По итогам реализации системы (целевой модели) наставничества в {organisation.short_name} в "
            f"{year.title} учебном году, за активное участие в наставнической деятельности и достигнутые результаты,"
        ),
        "items": [
            *items,
            "Куратору разместить информацию о лучших практиках наставничества на официальном сайте.",
            CONTROL,
        ],
    }

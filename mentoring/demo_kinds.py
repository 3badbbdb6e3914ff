"""What the demo builds for each kind of organisation it can show: a school (the default) or a kindergarten
(`demo_school --kind kindergarten`). The kind's meaning itself is in mentoring.kinds; this is only demo data."""

from dataclasses import dataclass

from .choices import Category
from .models import OrganisationKind


@dataclass(frozen=True)
class DemoKind:
    organisation: dict
    head: tuple[str, str, str]  # surname, name, patronymic of the head
    head_position: str  # on the head's card
    curator_position: str
    staff: int  # how many pedagogical staff
    young_every: int  # every n-th of them is a young specialist
    kindergarten: bool = False

    def staff_member(self, i: int) -> tuple[str, str, str]:
        """(category, position, subject) of the i-th member of the staff."""
        if i % self.young_every == 0:
            return Category.YOUNG_SPECIALIST, "воспитатель" if self.kindergarten else "учитель", ""
        if self.kindergarten:
            return KINDERGARTEN_STAFF[i % len(KINDERGARTEN_STAFF)]
        return Category.TEACHER, "учитель", ""


# A kindergarten's staff: mostly educators, and the specialists every kindergarten has.
KINDERGARTEN_STAFF = [
    (Category.EDUCATOR, "воспитатель", ""),
    (Category.EDUCATOR, "воспитатель", ""),
    (Category.TEACHER, "музыкальный руководитель", "музыкальное развитие"),
    (Category.EDUCATOR, "воспитатель", ""),
    (Category.TEACHER, "учитель-логопед", "развитие речи"),
    (Category.EDUCATOR, "воспитатель", ""),
    (Category.TEACHER, "педагог-психолог", ""),
    (Category.TEACHER, "инструктор по физической культуре", "физическое развитие"),
]

DEMO_KINDS = {
    OrganisationKind.SCHOOL: DemoKind(
        organisation={
            "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
            "школа № 71» города Кирова",
            "short_name": "МБОУ СОШ № 71",
            "address": "610000, г. Киров, ул. Школьная, д. 71",
            "city": "г. Киров",
            "phone": "+7 (8332) 00-00-71",
            "email": "school71@school71.example",
            "director_name": "И. Н. Банникова",
        },
        head=("Банникова", "Ирина", "Николаевна"),
        head_position="директор",
        curator_position="заместитель директора по УВР, куратор наставничества",
        staff=60,
        young_every=5,
    ),
    OrganisationKind.KINDERGARTEN: DemoKind(
        organisation={
            "full_name": "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 5 "
            "«Солнышко»» города Кирова",
            "short_name": "МБДОУ «Детский сад № 5»",
            "address": "610000, г. Киров, ул. Садовая, д. 5",
            "city": "г. Киров",
            "phone": "+7 (8332) 00-00-05",
            "email": "ds5@school71.example",
            "director_name": "Е. А. Смирнова",
        },
        head=("Смирнова", "Елена", "Александровна"),
        head_position="заведующий",
        curator_position="старший воспитатель, куратор наставничества",
        staff=70,
        young_every=3,
        kindergarten=True,
    ),
}

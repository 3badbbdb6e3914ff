"""Factories for pairing and groups: bank entries with the traits the match score reads."""

import factory

from mentoring.choices import Category, MentoringForm, MentoringType, Mode
from mentoring.matching import MenteeCandidate, MentorCandidate
from tests.factories import MenteeProfileFactory, MentorProfileFactory, PersonFactory, StudentFactory


class BankMentorFactory(MentorProfileFactory):
    """A teacher in the mentor bank: maths, methodical + professional, two places."""

    person = factory.SubFactory(PersonFactory, subject="математика", career_start_year=2005)
    preferred_forms = factory.LazyFunction(lambda: [MentoringForm.TEACHER_TEACHER])
    preferred_types = factory.LazyFunction(lambda: [MentoringType.TRADITIONAL])
    preferred_mode = Mode.IN_PERSON


class BankMenteeFactory(MenteeProfileFactory):
    """A young specialist awaiting a mentor."""

    preferred_form = MentoringForm.TEACHER_TEACHER
    preferred_types = factory.LazyFunction(lambda: [MentoringType.TRADITIONAL])
    preferred_mode = Mode.IN_PERSON


class PupilMenteeFactory(BankMenteeFactory):
    person = factory.SubFactory(StudentFactory)
    preferred_form = MentoringForm.STUDENT_STUDENT


def mentor_candidate(pk: int, **kw) -> MentorCandidate:
    defaults = {"name": f"Наставник {pk:03d}", "capacity": 2, "directions": frozenset({"methodical"})}
    return MentorCandidate(person_id=pk, **{**defaults, **kw})


def mentee_candidate(pk: int, **kw) -> MenteeCandidate:
    defaults = {"name": f"Наставляемый {pk:03d}", "requests": frozenset({"methodical"}), "category": Category.TEACHER}
    return MenteeCandidate(person_id=pk, **{**defaults, **kw})

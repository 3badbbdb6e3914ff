"""A person's grammatical gender: the curator's explicit choice, else the patronymic, else the name.

The explicit field on the card wins because it is how the curator corrects a guess; the patronymic
(«-вич»/«-вна», «оглы»/«кызы») decides otherwise; a first name or surname with a clear ending is the last resort.
Unknown stays unknown (""): callers then print neutral forms («обучающийся(-аяся)»).
"""

from functools import lru_cache

MALE = "m"
FEMALE = "f"
UNKNOWN = ""


@lru_cache(maxsize=1)
def _detector():
    from pytrovich.detector import PetrovichGenderDetector

    return PetrovichGenderDetector()


def _detect(**parts) -> str:
    from pytrovich.enums import Gender

    parts = {k: v for k, v in parts.items() if v}
    if not parts:
        return UNKNOWN
    try:
        found = _detector().detect(**parts)
    except (ValueError, KeyError, AttributeError):
        return UNKNOWN
    return {Gender.MALE: MALE, Gender.FEMALE: FEMALE}.get(found, UNKNOWN)


def gender_of(*, last_name: str = "", first_name: str = "", patronymic: str = "", explicit: str = "") -> str:
    if explicit in (MALE, FEMALE):
        return explicit
    if patronymic:
        found = _detect(middlename=patronymic.split()[-1].lower())
        if found:
            return found
    return _detect(firstname=first_name.lower(), lastname=last_name.lower())


def name_gender(text: str) -> str:
    """The gender of a name typed as text, «Фамилия Имя Отчество» (a parent on a consent form); "" if unclear."""
    words = [w for w in (text or "").split() if not w.endswith(".")]
    if len(words) < 2:
        return gender_of(last_name=words[0]) if words else UNKNOWN
    return gender_of(last_name=words[0], first_name=words[1], patronymic=" ".join(words[2:]))


def person_gender(person) -> str:
    """ "m", "f" or "" for a Person (or anything with the same name fields)."""
    return gender_of(
        last_name=getattr(person, "last_name", ""),
        first_name=getattr(person, "first_name", ""),
        patronymic=getattr(person, "patronymic", ""),
        explicit=getattr(person, "gender", ""),
    )


def agree(person, masculine: str, feminine: str, unknown: str | None = None) -> str:
    """The word that agrees with the person's gender: agree(p, "добавлен", "добавлена", "добавлен(а)").

    `person` may also be a name typed as text («Иванова Мария Петровна»)."""
    gender = name_gender(person) if isinstance(person, str) else person_gender(person)
    if gender == FEMALE:
        return feminine
    if gender == MALE:
        return masculine
    return unknown if unknown is not None else masculine

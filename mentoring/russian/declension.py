"""Declension of people's names (pytrovich, the petrovich rules for Russian anthroponyms) and of positions and
common nouns (pymorphy3 with its Russian dictionaries).

Cases are named "nom", "gen", "dat", "acc", "ins", "loc". Whatever the libraries cannot decline with confidence
stays in the nominative: an unknown gender, a word that is not Cyrillic, a phrase whose head noun is not found.
The curator's per-person override (`Person.name_cases`, `Person.surname_indeclinable`) wins over the rules.
"""

import re
from functools import lru_cache

from .gender import FEMALE, MALE, gender_of, person_gender

CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
_PYMORPHY_CASE = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё]+$")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")


def _check_case(case: str) -> str:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; use one of {CASES}")
    return case


# --- names ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _maker():
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _name_part(part: str, kind: str, gender: str, case: str) -> str:
    """One name part in a case; unchanged when the gender is unknown or a piece is not a Cyrillic word."""
    if case == "nom" or not part or gender not in (MALE, FEMALE):
        return part
    from pytrovich.enums import Case, Gender, NamePart

    words = part.split(" ")
    if not all(_CYRILLIC_WORD.match(piece) for word in words for piece in word.split("-") if piece):
        return part
    name_part = {"last": NamePart.LASTNAME, "first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME}[kind]
    target = {
        "gen": Case.GENITIVE,
        "dat": Case.DATIVE,
        "acc": Case.ACCUSATIVE,
        "ins": Case.INSTRUMENTAL,
        "loc": Case.PREPOSITIONAL,
    }[case]
    sex = Gender.MALE if gender == MALE else Gender.FEMALE
    if kind == "middle" and len(words) > 1:
        # «Мамед оглы», «Алиевна кызы»: the Turkic patronymic does not decline.
        return part
    return " ".join(_maker().make(name_part, sex, target, word) for word in words)


def _parts_in_case(person, case: str) -> tuple[str, str, str]:
    """(surname, name, patronymic) of the person in a case, honouring the per-person override."""
    last, first, middle = person.last_name or "", person.first_name or "", getattr(person, "patronymic", "") or ""
    explicit = (getattr(person, "name_cases", None) or {}).get(case, "").split()
    sizes = [len(p.split()) for p in (last, first, middle)]
    if explicit and len(explicit) == sum(sizes):
        last = " ".join(explicit[: sizes[0]])
        first = " ".join(explicit[sizes[0] : sizes[0] + sizes[1]])
        middle = " ".join(explicit[sizes[0] + sizes[1] :])
        return last, first, middle
    gender = person_gender(person)
    surname = last if getattr(person, "surname_indeclinable", False) else _name_part(last, "last", gender, case)
    return surname, _name_part(first, "first", gender, case), _name_part(middle, "middle", gender, case)


def decline_full(person, case: str = "nom") -> str:
    """«Ивановой Марии Петровны» (genitive)."""
    _check_case(case)
    return " ".join(p for p in _parts_in_case(person, case) if p)


def _initials(person) -> str:
    return " ".join(f"{p[0]}." for p in (person.first_name, getattr(person, "patronymic", "")) if p)


def decline_short(person, case: str = "nom") -> str:
    """«Смирнову О. В.» (accusative): the surname declined, the initials as they are."""
    _check_case(case)
    return " ".join(p for p in (_parts_in_case(person, case)[0], _initials(person)) if p)


def initials_first(person, case: str = "nom") -> str:
    """«О. В. Смирновой»: initials before the surname, as signature blocks and addressees print it."""
    _check_case(case)
    return " ".join(p for p in (_initials(person), _parts_in_case(person, case)[0]) if p)


def name_with_position(person, case: str = "nom") -> str:
    """«Смирнову О. В., заместителя директора по УВР», «Ильиной В. И., обучающейся 9А класса»: the short name and
    the position (a pupil: the class) in one case."""
    from .gender import agree

    name = decline_short(person, case)
    if getattr(person, "position", ""):
        return f"{name}, {decline_phrase(person.position, case)}"
    if getattr(person, "grade", ""):
        pupil = agree(person, "обучающийся", "обучающаяся", "обучающийся")
        return f"{name}, {decline_phrase(pupil, case)} {person.grade} класса"
    return name


def decline_name_string(text: str, case: str, gender: str = "") -> str:
    """A name typed as text («С. И. Петров», «Петров С. И.», «Петров Сергей Иванович») in a case.

    Without a known gender the surname's own ending decides («Петрова» is a woman's); an ending that says
    nothing («Шевчук») leaves the name in the nominative.
    """
    _check_case(case)
    words = (text or "").split()
    if case == "nom" or not words:
        return text
    initials = [w for w in words if _INITIAL.match(w)]
    names = [w for w in words if not _INITIAL.match(w)]
    if initials and len(names) == 1:
        sex = gender or gender_of(last_name=names[0])
        declined = _name_part(names[0], "last", sex, case)
        return " ".join(declined if w == names[0] else w for w in words)
    if not initials and len(names) in (2, 3):
        middle = names[2] if len(names) == 3 else ""
        sex = gender or gender_of(last_name=names[0], first_name=names[1], patronymic=middle)
        parts = [_name_part(names[0], "last", sex, case), _name_part(names[1], "first", sex, case)]
        if middle:
            parts.append(_name_part(middle, "middle", sex, case))
        return " ".join(parts)
    return text


# --- positions and common nouns -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def morph():
    """pymorphy3's analyzer, loaded once per process on first use (≈ 0.1 s and some memory)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _nominative(word: str, pos: set[str]):
    for parse in morph().parse(word.lower()):
        if parse.tag.POS in pos and parse.tag.case == "nomn" and "Abbr" not in parse.tag:
            return parse
    return None


def _keep_case(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _inflect_noun(word: str, case: str):
    """A noun (or a hyphenated pair of nouns, «педагог-психолог») in a case, or None."""
    pieces = word.split("-")
    result = []
    for piece in pieces:
        parse = _nominative(piece, {"NOUN"})
        form = parse.inflect({_PYMORPHY_CASE[case]}) if parse else None
        if form is None:
            return None, None
        result.append(_keep_case(piece, form.word))
    head = _nominative(pieces[-1], {"NOUN"})
    return "-".join(result), head


def _agreement(head, case: str) -> set[str]:
    """The grammemes an adjective takes to agree with `head` in `case`."""
    grammemes = {_PYMORPHY_CASE[case], head.tag.number or "sing"}
    if head.tag.number != "plur":
        grammemes.add(head.tag.gender or "masc")
    if case == "acc" and (head.tag.number == "plur" or head.tag.gender == "masc"):
        grammemes.add(head.tag.animacy or "anim")
    return grammemes


def _modifier(word: str, following: str):
    """The adjective's parse if `word` is an adjective agreeing with the nominative word after it."""
    if not following:
        return None
    for adjective in morph().parse(word.lower()):
        if adjective.tag.POS not in ("ADJF", "PRTF") or adjective.tag.case != "nomn":
            continue
        for parse in morph().parse(following.split("-")[0].lower()):
            if parse.tag.POS not in ("NOUN", "ADJF", "PRTF") or parse.tag.case != "nomn":
                continue
            same_number = parse.tag.number == adjective.tag.number
            if same_number and (parse.tag.number == "plur" or parse.tag.gender == adjective.tag.gender):
                return adjective
    return None


def decline_phrase(text: str, case: str) -> str:
    """A position or a noun phrase in a case, with its adjectives agreeing with the head noun.

    «старший воспитатель» → «старшего воспитателя»; «заместитель директора по УВР» → «заместителю директора
    по УВР». The words after the head noun depend on it and keep their form. If the head noun is not found
    before the first word that is not an adjective, the phrase is returned unchanged.
    """
    _check_case(case)
    if case == "nom" or not text or not text.strip():
        return text
    words = text.split(" ")
    adjectives = []
    for index, word in enumerate(words):
        if not word:
            return text
        following = words[index + 1].rstrip(",;") if index + 1 < len(words) else ""
        adjective = _modifier(word, following)
        if adjective:
            adjectives.append((index, adjective))
            continue
        # The head noun may end a part of a list: «старший воспитатель, куратор наставничества».
        tail = word[len(word.rstrip(",;")) :]
        word = word[: len(word) - len(tail)] if tail else word
        noun_form, head = _inflect_noun(word, case)
        substantive = _nominative(word, {"ADJF", "PRTF"}) if noun_form is None else None
        if substantive:
            # A noun formed from an adjective: «заведующий», «заведующая хозяйством», «исполняющий обязанности».
            form = substantive.inflect(_agreement(substantive, case))
            noun_form, head = (_keep_case(word, form.word), substantive) if form else (None, None)
        if noun_form is None:
            return text
        noun_form += tail
        grammemes = _agreement(head, case)
        result = list(words)
        for position, adjective in adjectives:
            form = adjective.inflect(grammemes)
            if form is None:
                return text
            result[position] = _keep_case(words[position], form.word)
        result[index] = noun_form
        return " ".join(result)
    return text

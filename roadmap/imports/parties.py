"""Responsible parties and result documents as the seeds write them, recognised and linked to what the product knows.

A party is found by its words («куратор», «руководители ОО», «Управление образования»); which role of the product it
stands for depends on who imports: a school maps «руководители ОО» to its director, a municipal office (issue 20)
would pass its own map where the heads of schools and the education department are parties of its own."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mentoring.choices import Role

from ..models import DocumentType, OrderType

# (party code, pattern, external): searched in lower case with «ё» as «е»; order matters only for equal positions.
PARTIES = [
    ("deputy_director", r"зам(\.|еститель|естители)\s*(директора|руководителя|заведующ)", False),
    ("curator", r"куратор", False),
    ("school_heads", r"руководители\s+(оо|образовательных|общеобразовательных|оу)", False),
    ("director", r"директор|заведующ|руководител[ья]\s+(оо|образовательн|оу|учрежден)|администраци", False),
    ("methodical", r"методическ|методист|педагогическ\w* совет", False),
    ("class_teachers", r"классн\w* руководител", False),
    ("psychologist", r"психолог", False),
    ("mentors", r"\bнаставник(и|ов|ам|ами)?\b", False),
    ("teachers", r"педагог|учител|воспитател", False),
    ("site_editor", r"сайт", False),
    (
        "education_office",
        r"управлени\w* образовани|отдел\w* образовани|комитет\w* (по )?образовани|министерств"
        r"|сектор|муниципалитет|\bмо ро\b|департамент",
        True,
    ),
]
_COMPILED = [(code, re.compile(pattern), external) for code, pattern, external in PARTIES]

# How a school maps the parties to its roles; a party without a role is kept as the text written.
SCHOOL_ROLES = {
    "curator": Role.CURATOR,
    "director": Role.DIRECTOR,
    "school_heads": Role.DIRECTOR,
    "methodical": Role.METHODICAL_COUNCIL,
    "mentors": Role.MENTOR,
    "site_editor": Role.SITE_EDITOR,
}


@dataclass(frozen=True)
class ResponsibleReading:
    role: str
    text: str
    external: bool
    parties: tuple[str, ...]
    problem: str = ""


def _lower(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


def find_parties(text: str) -> list[tuple[str, bool]]:
    """The parties named in the text, in the order they are written."""
    norm = _lower(text)
    found, taken = [], []
    for code, pattern, external in _COMPILED:
        for match in pattern.finditer(norm):
            if any(s <= match.start() < e for s, e in taken):
                continue  # «заместитель директора» is not also «директор»
            taken.append(match.span())
            found.append((match.start(), code, external))
            break
    return [(code, external) for _pos, code, external in sorted(found)]


def parse_responsible(text: str, roles: dict | None = None) -> ResponsibleReading:
    roles = SCHOOL_ROLES if roles is None else roles
    written = re.sub(r"\s+", " ", text or "").strip()[:300]
    if not written:
        return ResponsibleReading(Role.CURATOR, "", False, (), _("No responsible given: the curator is set."))
    parties = find_parties(written)
    role = next((roles[code] for code, _external in parties if code in roles), "")
    external = bool(parties) and all(external for _code, external in parties)
    problem = "" if parties else _("Responsible not recognised: kept as written.")
    return ResponsibleReading(role, written, external, tuple(code for code, _e in parties), problem)


# --- Result documents -----------------------------------------------------------------------------------------------

DOCUMENTS = [
    (DocumentType.ORDER, r"приказ|распорядительн"),
    (DocumentType.REGULATION, r"положени[ея]"),
    (DocumentType.PLAN, r"дорожн\w* карт|план"),
    (DocumentType.QUESTIONNAIRE, r"анкет"),
    (DocumentType.CONSENT, r"согласи[йяе]"),
    (DocumentType.REGISTER, r"\bбаз[аыу]?\b|реестр|перечень|список|списки|учет"),
    (DocumentType.MEMO, r"памятк"),
    (DocumentType.PROGRAMME, r"программ"),
    (DocumentType.PROTOCOL, r"протокол"),
    (DocumentType.REPORT, r"отчет|аналитическ|справк"),
    (DocumentType.WEB_PAGE, r"сайт|раздел"),
]
ORDERS = [
    (OrderType.REWARD, r"поощрен|награжд"),
    (OrderType.PAIRING, r"закреплен|пар\b|пар |наставнических пар"),
    (OrderType.FINAL_EVENT, r"итогов\w* (мероприят|встреч|конференц)"),
    (OrderType.ORGANISATION, r"организаци\w* наставничеств|внедрени|об организации|о наставничестве"),
]


def document_kind(text: str) -> tuple[str, str]:
    """(document type, order type) for a result as written; an order wins, else the kind named first."""
    norm = _lower(text)
    if not norm:
        return "", ""
    found = []
    for kind, pattern in DOCUMENTS:
        match = re.search(pattern, norm)
        if match:
            found.append((match.start(), kind))
    if not found:
        return DocumentType.OTHER, ""
    kinds = [kind for _pos, kind in sorted(found)]
    if DocumentType.ORDER not in kinds:
        return kinds[0], ""
    after = norm[re.search(r"приказ|распорядительн", norm).start() :]
    order = next((code for code, pattern in ORDERS if re.search(pattern, after[:200])), "")
    return DocumentType.ORDER, order

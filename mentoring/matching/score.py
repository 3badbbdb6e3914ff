"""The match score of one mentor for one mentee, with its reasons, and the rankings the board shows.

Pure Python on plain data (`MentorCandidate`, `MenteeCandidate`): the selectors in `mentoring.selectors` build
the candidates; `pool` scores the whole pool at once (the same points, as arrays).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import Category, Direction, MentoringForm, MentoringType, Mode, QualificationCategory

DEFAULT_WEIGHTS = {
    "direction": 3.0,
    "subject": 2.0,
    "experience_per_year": 0.1,
    "experience_cap": 2.0,
    "qualification": 0.5,
    "free_place": 0.5,
    "form": 1.5,
    "form_mismatch": -1.0,
    "type": 0.5,
    "mode": 0.5,
    "minimum": 0.5,
}
STRONG_CATEGORIES = frozenset({QualificationCategory.FIRST, QualificationCategory.HIGHEST})


def match_weights() -> dict[str, float]:
    """Weights from `settings.MENTORING_MATCH_WEIGHTS`, missing keys filled from the defaults."""
    return {**DEFAULT_WEIGHTS, **getattr(settings, "MENTORING_MATCH_WEIGHTS", {})}


@dataclass(frozen=True, slots=True)
class MentorCandidate:
    """A mentor bank entry as the score sees it (`load`: mentees already led in open groups)."""

    person_id: int
    name: str
    category: str = Category.TEACHER
    subject: str = ""
    service_years: int | None = None
    qualification: str = QualificationCategory.NONE
    directions: frozenset = frozenset()
    forms: frozenset = frozenset()
    types: frozenset = frozenset()
    mode: str = ""
    capacity: int = 1
    load: int = 0
    has_consent: bool = True
    profile_id: int | None = None

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.load)


@dataclass(frozen=True, slots=True)
class MenteeCandidate:
    """A mentee bank entry awaiting a mentor, as the score and the board see it."""

    person_id: int
    name: str
    category: str = Category.YOUNG_SPECIALIST
    subject: str = ""
    grade: str = ""
    requests: frozenset = frozenset()
    form: str = ""
    types: frozenset = frozenset()
    mode: str = ""
    has_consent: bool = True
    profile_id: int | None = None
    entered_on: datetime.date | None = None
    request_text: str = ""
    support_notes: str = ""
    status: str = ""

    def days_waiting(self, today: datetime.date) -> int | None:
        return None if self.entered_on is None else max(0, (today - self.entered_on).days)


@dataclass(frozen=True, slots=True)
class Reason:
    points: float
    text: str


@dataclass(slots=True)
class Match:
    """The score of one mentor for one mentee; `excluded` says why the mentor cannot be chosen at all."""

    mentor: MentorCandidate
    total: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    excluded: str = ""


def _labels(choice_class, values) -> str:
    return ", ".join(str(choice_class(v).label) for v in sorted(values) if v in choice_class.values)


def score(
    mentor: MentorCandidate, mentee: MenteeCandidate, *, weights: dict | None = None, explain: bool = True
) -> Match:
    """How well `mentor` fits `mentee` (Regulation §6.1: the mentor's profile and experience match the
    mentee's requests; mutual interest, read from the preferences both stated in their questionnaires).

    Points, each weighted by `settings.MENTORING_MATCH_WEIGHTS`:
      direction × every requested direction the mentor covers; subject if both teach the same subject
      (the selectors trim and lower-case subjects);
      experience_per_year × years of service (at most experience_cap); qualification for the first or highest
      category; free_place × share of the mentor's places still free; form if the mentee's preferred form is
      one the mentor is ready for (form_mismatch if both stated forms and they differ); type × each preferred
      type in common; mode if the modes agree (or one is mixed).
    Exclusions (the mentor is not offered, the reason says why): the mentee themself, no valid
    personal-data consent (152-ФЗ), no free place left.
    With `explain=False` only the total is computed (the whole-pool proposal scores every pair).
    """
    w = weights or match_weights()
    match = Match(mentor=mentor)
    if mentor.person_id == mentee.person_id:
        match.excluded = _("This is the mentee themself") if explain else "self"
        return match
    if not mentor.has_consent:
        match.excluded = _("No valid personal-data consent") if explain else "consent"
        return match
    free = mentor.capacity - mentor.load
    if free <= 0:
        match.excluded = (
            _("No free places: %(load)s of %(capacity)s taken") % {"load": mentor.load, "capacity": mentor.capacity}
            if explain
            else "capacity"
        )
        return match

    reasons = match.reasons
    total = 0.0
    common = mentee.requests & mentor.directions
    if common:
        pts = w["direction"] * len(common)
        total += pts
        if explain:
            reasons.append(
                Reason(pts, _("Covers the requested directions: %(list)s") % {"list": _labels(Direction, common)})
            )
    elif explain and mentee.requests:
        reasons.append(Reason(0.0, _("Covers none of the requested directions")))
    if mentor.subject and mentor.subject == mentee.subject:
        total += w["subject"]
        if explain:
            reasons.append(Reason(w["subject"], _("Same subject: %(subject)s") % {"subject": mentor.subject}))
    if mentor.service_years:
        pts = min(w["experience_cap"], w["experience_per_year"] * mentor.service_years)
        total += pts
        if explain:
            text = ngettext("%(years)s year of service", "%(years)s years of service", mentor.service_years) % {
                "years": mentor.service_years
            }
            reasons.append(Reason(pts, text))
    if mentor.qualification in STRONG_CATEGORIES:
        total += w["qualification"]
        if explain:
            label = QualificationCategory(mentor.qualification).label
            reasons.append(Reason(w["qualification"], _("Qualification category: %(category)s") % {"category": label}))
    free_share = free / mentor.capacity
    total += w["free_place"] * free_share
    if explain:
        text = ngettext("%(free)s place free of %(capacity)s", "%(free)s places free of %(capacity)s", free) % {
            "free": free,
            "capacity": mentor.capacity,
        }
        reasons.append(Reason(w["free_place"] * free_share, text))
    if mentee.form and mentor.forms:
        if mentee.form in mentor.forms:
            total += w["form"]
            if explain:
                label = MentoringForm(mentee.form).label
                reasons.append(Reason(w["form"], _("Ready for the preferred form: %(form)s") % {"form": label}))
        else:
            total += w["form_mismatch"]
            if explain:
                reasons.append(
                    Reason(
                        w["form_mismatch"],
                        _("Prefers another form: %(forms)s") % {"forms": _labels(MentoringForm, mentor.forms)},
                    )
                )
    common_types = mentee.types & mentor.types
    if common_types:
        pts = w["type"] * len(common_types)
        total += pts
        if explain:
            reasons.append(
                Reason(pts, _("Preferred types in common: %(types)s") % {"types": _labels(MentoringType, common_types)})
            )
    if mentor.mode and mentee.mode and (mentor.mode == mentee.mode or Mode.MIXED in (mentor.mode, mentee.mode)):
        total += w["mode"]
        if explain:
            label = Mode(mentee.mode if mentor.mode == Mode.MIXED else mentor.mode).label
            reasons.append(Reason(w["mode"], _("Suitable mode: %(mode)s") % {"mode": label}))
    match.total = round(total, 2) if explain else total
    return match


def rank_mentors(
    mentee: MenteeCandidate, mentors: list[MentorCandidate], *, weights: dict | None = None
) -> tuple[list[Match], list[Match]]:
    """(suggestions best first, excluded mentors with the reason) for one mentee."""
    w = weights or match_weights()
    suggestions, excluded = [], []
    for mentor in mentors:
        match = score(mentor, mentee, weights=w)
        (excluded if match.excluded else suggestions).append(match)
    suggestions.sort(key=lambda m: (-m.total, m.mentor.name))
    excluded.sort(key=lambda m: m.mentor.name)
    return suggestions, excluded


@dataclass(slots=True)
class Ranking:
    """The board's view of one mentee: the first `limit` suggestions and exclusions, explained, and how many
    there are in all."""

    suggestions: list[Match]
    excluded: list[Match]
    suggestions_count: int
    excluded_count: int


def rank_mentors_top(
    mentee: MenteeCandidate, mentors: list[MentorCandidate], limit: int | None, *, weights: dict | None = None
) -> Ranking:
    """`rank_mentors` cut to the first `limit` of each list (None: all): every mentor gets a total, only the ones
    shown get their reasons written out, in the same order as `rank_mentors`."""
    w = weights or match_weights()
    fits, unfit = [], []
    for mentor in mentors:
        match = score(mentor, mentee, weights=w, explain=False)
        if match.excluded:
            unfit.append(mentor)
        else:
            fits.append((-round(match.total, 2), mentor.name, mentor))
    fits.sort(key=lambda row: row[:2])
    unfit.sort(key=lambda mentor: mentor.name)
    return Ranking(
        suggestions=[score(mentor, mentee, weights=w) for _total, _name, mentor in fits[:limit]],
        excluded=[score(mentor, mentee, weights=w) for mentor in unfit[:limit]],
        suggestions_count=len(fits),
        excluded_count=len(unfit),
    )


def rank_mentees(
    mentor: MentorCandidate, mentees: list[MenteeCandidate], *, weights: dict | None = None
) -> list[tuple[MenteeCandidate, float]]:
    """Waiting mentees best first for one mentor (forming a group around a mentor)."""
    w = weights or match_weights()
    roomy = MentorCandidate(**{**_as_dict(mentor), "load": 0})  # every mentee scored as if a place were free
    rows = [(m, score(roomy, m, weights=w, explain=False).total) for m in mentees if m.person_id != mentor.person_id]
    rows.sort(key=lambda r: (-r[1], r[0].name))
    return rows


def _as_dict(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__slots__}


def default_form(mentor: MentorCandidate, mentee: MenteeCandidate) -> str:
    """The form a new pair gets unless the curator picks another: the mentee's wish if the mentor shares it,
    otherwise the one the two people's categories imply (Regulation §2.3 and the student forms)."""
    if mentee.form and (not mentor.forms or mentee.form in mentor.forms):
        return mentee.form
    if mentee.category == Category.STUDENT:
        return {
            Category.STUDENT: MentoringForm.STUDENT_STUDENT,
            Category.EXTERNAL: MentoringForm.EMPLOYER_PUPIL,
        }.get(mentor.category, MentoringForm.TEACHER_STUDENT)
    if mentor.category == Category.EXTERNAL:
        return MentoringForm.LECTURER_YOUNG_TEACHER
    return MentoringForm.TEACHER_TEACHER


def default_types(mentor: MentorCandidate, mentee: MenteeCandidate) -> list[str]:
    """Types a new pair gets unless the curator picks others: those both prefer, else the mentee's, else
    the traditional one-to-one type."""
    types = (mentee.types & mentor.types) or mentee.types or {MentoringType.TRADITIONAL}
    return sorted(types)

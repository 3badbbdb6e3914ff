"""The municipality's own roadmap, with the items the schools carry out («руководители ОО», «кураторы ОО») tracked per
school from the roadmaps in their packages (seed 002: items 1.1, 1.3, 2.3, 3.x, 4.x, 5.1.1).

The office keeps its roadmap with the roadmap app (built like a school's, or imported from the Azov-like table).
A school's matching item is one that names the same activity in much the same words (most of the shorter text's word
stems in the other) and, when both say it, the same kind of result document; several matches: the most advanced
status counts. A heuristic, shown as such («нет такого пункта» may mean other words). One query for all schools.
"""

import re
from dataclasses import dataclass, field

from mentoring.selectors import current_year
from roadmap.models import RoadmapItem

from ..models import MemberSchool, SchoolRoadmapItem

# «Руководители ОО», «кураторы внедрения ЦМН ОО», «кураторы ОО», «руководители образовательных организаций»…
SCHOOL_PARTY = re.compile(r"(руководител|куратор)\w*.*\b(ОО|образовательн\w* организац)", re.I)


def is_school_party(text: str) -> bool:
    return bool(SCHOOL_PARTY.search(text or ""))


def stems(text: str) -> frozenset[str]:
    """The activity's words as crude stems (first seven letters of words of four letters or more)."""
    return frozenset(w[:7] for w in re.findall(r"\w+", (text or "").lower()) if len(w) >= 4 and not w.isdigit())


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same activity in other words: most of the shorter one's stems, and at least two, are in the other."""
    common = len(a & b)
    return common >= 2 and common >= MATCH_SHARE * min(len(a), len(b))


MATCH_SHARE = 0.75


@dataclass
class TrackedItem:
    item: RoadmapItem
    kind: str
    per_school: list[tuple[MemberSchool, str]] = field(default_factory=list)  # status code or "" (no such item)

    def count(self, status: str) -> int:
        return sum(1 for _school, s in self.per_school if s == status)

    @property
    def done(self) -> int:
        return self.count(RoadmapItem.Status.DONE)

    @property
    def in_progress(self) -> int:
        return self.count(RoadmapItem.Status.IN_PROGRESS)

    @property
    def planned(self) -> int:
        return self.count(RoadmapItem.Status.PLANNED)

    @property
    def missing(self) -> int:
        return self.count("")


def tracked_items(academic_year: str) -> list[TrackedItem]:
    year = current_year()
    if year is None:
        return []
    items = [
        i
        for i in RoadmapItem.objects.filter(stage__year=year)
        .select_related("stage")
        .order_by("stage__number", "position")
        if is_school_party(i.responsible_text)
    ]
    schools = list(MemberSchool.objects.order_by("name"))
    sent: dict[int, list[tuple[frozenset, str, str]]] = {}
    for school_id, kind, title, status in SchoolRoadmapItem.objects.filter(academic_year=academic_year).values_list(
        "school_id", "document_kind", "title", "status"
    ):
        sent.setdefault(school_id, []).append((stems(title), kind, status))
    rank = {"": 0, RoadmapItem.Status.PLANNED: 1, RoadmapItem.Status.IN_PROGRESS: 2, RoadmapItem.Status.DONE: 3}
    tracked = []
    for item in items:
        kind = item.document_type or item.order_type  # as a school's package names it
        words = stems(item.title)
        row = TrackedItem(item, kind)
        for school in schools:
            statuses = [
                status
                for their_words, their_kind, status in sent.get(school.pk, [])
                if similar(words, their_words) and not (kind and their_kind and kind != their_kind)
            ]
            # Several matching items: the most advanced one counts.
            row.per_school.append((school, max(statuses, key=lambda s: rank.get(s, 0), default="")))
        tracked.append(row)
    return tracked

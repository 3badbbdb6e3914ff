"""The municipality's own roadmap, with the items the schools carry out («руководители ОО», «кураторы ОО») tracked per
school from the roadmaps in their packages (seed 002: items 1.1, 1.3, 2.3, 3.x, 4.x, 5.1.1).

The office keeps its roadmap with the roadmap app (built like a school's, or imported from the Azov-like table).
A school's matching item is the one with the same kind of result document (both sides use the same document and
order codes), else the one with the same activity text; its status is the school's. One query for all schools.
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


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").lower()).split())[:120]


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
    by_kind: dict[tuple[int, str], str] = {}
    by_title: dict[tuple[int, str], str] = {}
    rank = {RoadmapItem.Status.PLANNED: 1, RoadmapItem.Status.IN_PROGRESS: 2, RoadmapItem.Status.DONE: 3}
    for school_id, kind, title, status in SchoolRoadmapItem.objects.filter(academic_year=academic_year).values_list(
        "school_id", "document_kind", "title", "status"
    ):
        for store, key in ((by_kind, kind), (by_title, _norm(title))):
            if key and rank.get(status, 0) >= rank.get(store.get((school_id, key), ""), 0):
                store[(school_id, key)] = status  # several matching items: the most advanced counts
    tracked = []
    for item in items:
        kind = item.order_type or item.document_type
        row = TrackedItem(item, kind)
        for school in schools:
            status = by_kind.get((school.pk, kind), "") if kind else ""
            row.per_school.append((school, status or by_title.get((school.pk, _norm(item.title)), "")))
        tracked.append(row)
    return tracked

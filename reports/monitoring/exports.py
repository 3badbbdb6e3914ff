"""Statistical exports of the year's monitoring (Regulation §3.4; seed 002 §4.1–4.3).

* XLSX: one sheet per table, Russian headings, plus the banks' per-person records in the federal columns
  (mentoring.resources, МР-42/02). Every text cell is neutralised against formula injection.
* JSON: the year's indicators in a documented, versioned schema (`JSON_SCHEMA`, served at
  /monitoring/schema.json), with no personal data — the start of a municipal roll-up: a municipality collects one
  file per school and adds the counts up.

Schema version history:
  1 — first version (participants, shares, groups, endings, meetings, feedback, satisfaction, waiting).
  2 — a share's `whole` is the contingent of the year the school enters (null, with `percent` null, when it has
      not); `shares.contingent` says whether it is entered.
  3 — the pupils' shares (`share_students_mentees`, `share_students_mentors`) are absent where the kind of
      organisation has no pupils in the programme (a kindergarten); a participants' category may be "educator".
"""

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mentoring.resources import MenteeBankResource, MentorBankResource, neutralise
from mentoring.selectors import organisation
from mentoring.selectors_banks import mentee_bank, mentor_bank

from . import applicable
from . import indicators as ind
from .schema import JSON_SCHEMA, SCHEMA_ID, SCHEMA_VERSION  # noqa: F401 — the export's schema, read from here too

# --- XLSX ---------------------------------------------------------------------------------------------------------


def _safe(value):
    """Numbers stay numbers; text that a spreadsheet would run as a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return neutralise(str(value))


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title=title[:31])
    ws.append([_safe(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_safe(v) for v in row])
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(r[index - 1])) for r in rows[:200] if len(r) >= index])
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    ws.freeze_panes = "A2"


def _summary_rows(data: dict) -> list[list]:
    s, p = data["shares"], data["participants"]["totals"]
    return [
        [_("Participants"), p["participants"], str(ind.DEFINITIONS["participants"])],
        [_("Mentors"), p["mentors"], ""],
        [_("Mentees"), p["mentees"], ""],
        [_("In both roles"), p["both"], ""],
        *[[label, s[code]["percent"], str(ind.DEFINITIONS[code])] for code, label in (
            ("share_students_mentees", _("Share of students aged 10–18 who are mentees, %")),
            ("share_young_teachers_mentees", _("Share of young teachers who are mentees, %")),
            ("share_students_mentors", _("Share of students aged 15–19 who are mentors, %")),
            ("share_involved", _("Share of students and teachers involved, %")),
        ) if code in s],  # the kind's shares only (applicable.py)
        [_("Pairs and groups"), data["groups"]["total"], str(ind.DEFINITIONS["groups"])],
        [_("Completed"), data["endings"]["completed"], str(ind.DEFINITIONS["endings"])],
        [_("Terminated early"), data["endings"]["terminated"], ""],
        [_("Meetings held"), data["meetings"]["total"], str(ind.DEFINITIONS["meetings"])],
        [_("Feedback forms due"), data["feedback"]["due"], str(ind.DEFINITIONS["feedback"])],
        [_("Feedback forms received"), data["feedback"]["received"], ""],
        [_("Average satisfaction of mentors"), data["satisfaction"]["mentor"]["average"],
         str(ind.DEFINITIONS["satisfaction"])],
        [_("Average satisfaction of mentees"), data["satisfaction"]["mentee"]["average"], ""],
        [_("Mentees waiting for a mentor"), data["waiting"]["count"], str(ind.DEFINITIONS["waiting"])],
        [_("Days waited, on average"), data["waiting"]["average_days"], ""],
    ]  # fmt: skip


def _dataset_sheet(wb: Workbook, title: str, dataset) -> None:
    _sheet(wb, title, list(dataset.headers), [list(row) for row in dataset])


def indicators_xlsx(scope: ind.Scope, data: dict | None = None, *, with_banks: bool = True) -> bytes:
    """The workbook regions ask for: a summary, one sheet per indicator table, and the two banks."""
    data = data or applicable.year_data(ind.year_indicators(scope))
    org = organisation()
    wb = Workbook()
    wb.remove(wb.active)
    value = _("Value")
    _sheet(
        wb,
        _("Summary"),
        [_("Indicator"), value, _("Definition")],
        [
            [_("Organisation"), org.full_name if org else "", ""],
            [_("Academic year"), data["year"], ""],
            [_("Reference day"), data["reference_day"], str(ind.DEFINITIONS["counted"])],
            *_summary_rows(data),
        ],
    )
    _sheet(
        wb,
        _("Participants"),
        [_("Category"), _("Counted people"), _("Mentors"), _("Mentees"), _("In both roles"), _("Participants")],
        [[r["label"], r["people"], r["mentors"], r["mentees"], r["both"], r["participants"]]
         for r in data["participants"]["rows"]],
    )  # fmt: skip
    shares = data["shares"]
    _sheet(
        wb,
        _("Shares (Р-145)"),
        [_("Indicator"), _("Of them"), _("In all"), "%"],
        [
            [label, shares[code]["part"], shares[code]["whole"], shares[code]["percent"]]
            for code, label in (
                ("share_students_mentees", _("Students aged 10–18 who are mentees")),
                ("share_young_teachers_mentees", _("Young teachers who are mentees")),
                ("share_students_mentors", _("Students aged 15–19 who are mentors")),
                ("share_involved", _("Students and teachers involved")),
            )
            if code in shares
        ],
    )
    groups = data["groups"]
    for title, key in ((_("Groups by status"), "by_status"), (_("Groups by form"), "by_form"),
                       (_("Groups by type"), "by_type")):  # fmt: skip
        _sheet(wb, title, [_("Value"), _("Pairs and groups")], [[r["label"], r["count"]] for r in groups[key]])
    endings = data["endings"]
    _sheet(
        wb,
        _("Endings"),
        [_("How programmes ended"), _("Pairs and groups")],
        [[_("Completed (the plan is done)"), endings["completed"]], [_("Terminated early"), endings["terminated"]]]
        + [[r["label"], r["count"]] for r in endings["terminated_by_reason"]],
    )
    m = data["meetings"]
    _sheet(
        wb,
        _("Meetings"),
        [_("Indicator"), value],
        [
            [_("Pairs and groups approved by order"), m["groups"]],
            [_("Meetings held"), m["total"]],
            [_("Meetings per pair or group, on average"), m["average"]],
            [_("Pairs and groups without meetings"), m["without_meetings"]],
        ]
        + [[r["label"], r["count"]] for r in m["by_kind"]],
    )
    _sheet(
        wb,
        _("Feedback"),
        [_("Feedback form"), _("Forms due"), _("Received"), _("Overdue"), "%"],
        [[r["label"], r["due"], r["received"], r["overdue"], r["percent"]] for r in data["feedback"]["rows"]],
    )
    sat_rows = []
    for role, label in (("mentor", _("Mentors")), ("mentee", _("Mentees"))):
        for q in data["satisfaction"][role]["questions"]:
            sat_rows.append([label, q["questionnaire"], q["number"], q["text"], q["answers"], q["average"]])
    _sheet(
        wb,
        _("Satisfaction"),
        [_("Role"), _("Questionnaire"), "№", _("Question"), _("Answers"), _("Average")],
        sat_rows,
    )
    w = data["waiting"]
    _sheet(
        wb,
        _("Waiting"),
        [_("Indicator"), value],
        [
            [_("Mentees waiting for a mentor"), w["count"]],
            [_("of them supported without a pair"), w["supported"]],
            [_("Days waited, on average"), w["average_days"]],
            [_("Longest wait, days"), w["longest_days"]],
        ]
        + [[b["label"], b["count"]] for b in w["bands"]],
    )
    if with_banks:
        counted = ind.counted_person_ids(scope)
        place = org.short_name if org else ""
        _dataset_sheet(
            wb,
            _("Mentee bank"),
            MenteeBankResource(place=place).export(mentee_bank(scope.year).filter(person_id__in=counted)),
        )
        _dataset_sheet(
            wb, _("Mentor bank"), MentorBankResource().export(mentor_bank(scope.year).filter(person_id__in=counted))
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- JSON ---------------------------------------------------------------------------------------------------------


def indicators_json(scope: ind.Scope, data: dict | None = None) -> dict:
    """The year's indicators as a JSON-ready dict following `JSON_SCHEMA`."""
    data = data or applicable.year_data(ind.year_indicators(scope))
    org = organisation()
    indicators = {key: value for key, value in data.items() if key not in ("year", "reference_day", "filters")}
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "organisation": {
            "full_name": org.full_name if org else "",
            "short_name": org.short_name if org else "",
            "address": org.address if org else "",
            "city": org.city if org else "",
        },
        "academic_year": {
            "title": scope.year.title,
            "start_date": scope.year.start_date.isoformat(),
            "end_date": scope.year.end_date.isoformat(),
        },
        "reference_day": scope.day.isoformat(),
        "filters": data["filters"],
        "indicators": indicators,
        "definitions": {code: str(text) for code, text in applicable.definitions().items()},
    }


def dumps(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")

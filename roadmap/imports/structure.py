"""A table of rows read into a roadmap draft: columns found by their headings (every spelling in the seeds), stage
rows told from item rows, numbering, rows broken across pages joined, lists inside one cell split into items.

The draft is plain JSON (kept in RoadmapImport.draft until the curator confirms); `evaluate` reads its periods,
responsible parties and documents for a chosen year, so a period fixed in the preview is simply read again."""

import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.choices import Role

from ..models import DocumentType, OrderType, StageKind
from .parties import document_kind, parse_responsible
from .periods import parse_period, source_school_year
from .reader import Document, ImportRefused

# Each item has a period field in the preview form: Django takes at most 1,000 fields a request.
MAX_ITEMS = 900
FIELDS = ("number", "stage", "title", "period", "responsible", "result")
# A heading's field: the first pattern that matches its normalised text.
HEADINGS = [
    ("number", r"^(№|n|no|номер)\b|п/п|^№"),
    ("stage", r"наименование этапа|^этап"),
    ("period", r"срок|длительност|период|^дата"),
    ("responsible", r"ответствен|исполнител"),
    ("result", r"результат|документ|продукт"),
    ("title", r"мероприят|содержание|деятельност|на этом этапе|наименование|задач|действи"),
]
STAGE_KINDS = [
    (StageKind.WORK, r"работ\w* наставнических пар|реализаци\w* программ"),
    (StageKind.PREPARATION, r"подготовк|нормативн"),
    (StageKind.MENTEE_BANK, r"баз\w* наставляем"),
    (StageKind.MENTOR_BANK, r"баз\w* наставник"),
    (StageKind.SELECTION, r"отбор|обучени\w* наставник|сопровождени"),
    (StageKind.PAIRING, r"пар"),
    (StageKind.CONTROL, r"контрол|мониторинг|оценк"),
    (StageKind.COMPLETION, r"завершени"),
    (StageKind.INFORMATION, r"информ"),
]
_MARKER = re.compile(r"^\s*(?:[-–—•·▪●*]|\d{1,2}[.)](?!\d))\s*")
_STAGE_WORD = re.compile(r"^(\d+)\s*-?\s*(?:й|ый|ой|ий)?\s*этап\.?\s*", re.IGNORECASE)
_STAGE_KEYS = {"stage": "title", "title": "title", "period": "period_label"}
_ITEM_KEYS = {"title": "title", "period": "period_label", "responsible": "responsible", "result": "result"}
_TOP_NUMBER = re.compile(r"^\d+\.?$")
_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")


def _norm(text: str) -> str:
    text = (text or "").lower().replace("ё", "е")
    return re.sub(r"\s+", " ", re.sub(r"[«»\"():;,]", " ", text)).strip(" .")


def heading_field(text: str) -> str | None:
    norm = _norm(text)
    if not norm:
        return None
    return next((name for name, pattern in HEADINGS if re.search(pattern, norm)), None)


def find_columns(rows: list[list[str]]) -> tuple[int, dict[str, list[int]]] | None:
    """(index of the heading row, {field: [columns]}) for the first row within 15 that reads as roadmap headings."""
    for index, row in enumerate(rows[:15]):
        columns: dict[str, list[int]] = {}
        for column, text in enumerate(row):
            name = heading_field(text)
            if name:
                columns.setdefault(name, []).append(column)
        has_activity = "title" in columns or "stage" in columns
        if has_activity and len(set(columns) & {"period", "responsible", "result"}) >= 1 and len(columns) >= 2:
            if "title" not in columns:  # only «Наименование этапа»: the stages are the activities
                columns["title"] = columns.pop("stage")
            return index, columns
    return None


def split_items(text: str) -> list[str]:
    """Items listed inside one cell («- …», «• …», «1. …») as separate texts; a cell that opens with its own words
    («Организация работы пар: - встреча …») stays one item."""
    text = (text or "").strip()
    if not text:
        return []
    if not _MARKER.match(text):
        return [" ".join(line for line in text.split("\n") if line)]
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) == 1:
        parts = re.split(r"(?:^|(?<=[\s;]))[-–—•·▪●]\s+", text)
    else:
        parts, current = [], []
        for line in lines:
            if _MARKER.match(line) and current:
                parts.append(" ".join(current))
                current = []
            current.append(line)
        parts.append(" ".join(current))
    items = [_MARKER.sub("", part, count=1).strip(" ;,") for part in parts]
    return [item for item in items if item]


def stage_kind(title: str) -> str:
    norm = _norm(title)
    return next((kind for kind, pattern in STAGE_KINDS if re.search(pattern, norm)), StageKind.OTHER)


def _cells(row: list[str], columns: dict[str, list[int]]) -> dict[str, str]:
    cells = {}
    for name in FIELDS:
        texts = [row[c] for c in columns.get(name, []) if c < len(row) and row[c]]
        cells[name] = ". ".join(texts) if name == "result" else "\n".join(texts)
    return cells


def _starts_lower(text: str) -> bool:
    first = text.lstrip(" -–•·;,.")[:1]
    return bool(first) and (first.islower() or not first.isalnum())


def build_draft(document: Document, table_number: int | None = None) -> dict:
    """The draft of the first table that reads as a roadmap (or of the table the curator picked, from 1)."""
    if not document.tables:
        raise ImportRefused(_("The file has no table."))
    candidates = list(enumerate(document.tables, start=1))
    if table_number:
        if not 1 <= table_number <= len(document.tables):
            raise ImportRefused(_("The file has no table number %(n)s.") % {"n": table_number})
        candidates = [(table_number, document.tables[table_number - 1])]
    for number, table in candidates:
        found = find_columns(table.rows)
        if found:
            draft = _read_rows(table.rows, *found)
            items = sum(len(stage["items"]) for stage in draft["stages"])
            if not items:
                continue
            if items > MAX_ITEMS:
                raise ImportRefused(
                    ngettext(
                        "The roadmap has more than %(n)s activity.",
                        "The roadmap has more than %(n)s activities.",
                        MAX_ITEMS,
                    )
                    % {"n": MAX_ITEMS}
                )
            draft.update(table=table.label, table_number=number, tables=len(document.tables))
            return draft
    raise ImportRefused(
        _("No table with roadmap headings was found (an activity and a period, a responsible or a result).")
    )


def _new_stage(title: str, number: str = "", period: str = "") -> dict:
    return {
        "number": number,
        "title": _lines(title, " "),
        "period_label": _lines(period, "; "),
        "items": [],
        "problems": [],
    }


def _lines(text: str, joiner: str) -> str:
    """Several paragraphs of one cell on one line («Декабрь 2020; Январь 2021», «Директор, Куратор»)."""
    return joiner.join(line.strip() for line in (text or "").split("\n") if line.strip())


def _new_item(number: str, title: str, cells: dict, period: str) -> dict:
    return {
        "number": number,
        "title": title,
        "period_label": _lines(period, "; "),
        "responsible": _lines(cells["responsible"], ", "),
        "result": _lines(cells["result"], " "),
        "problems": [],
    }


def _read_rows(rows: list[list[str]], header: int, columns: dict[str, list[int]]) -> dict:
    stage_table = "stage" in columns
    heading_row = [_norm(text) for text in rows[header]]
    stages: list[dict] = []
    last = None  # the stage or item a broken row continues
    prefix = None  # a numbered sub-heading («5.1. Контроль …») for the items under it
    pending: list = []  # sub-headings not yet followed by their items
    for row in rows[header + 1 :]:
        if not any(row) or [_norm(text) for text in row] == heading_row:
            continue
        filled = [text for text in row if text]
        if all(re.fullmatch(r"\d+\.?", text) for text in filled):
            continue  # the column numbers «1 2 3 4 5» under the headings
        cells = _cells(row, columns)
        number = cells["number"].split("\n")[0].strip()
        others = [cells[name] for name in ("period", "responsible", "result")]
        first = filled[0]
        if not number.strip() and last is not None and all(_starts_lower(text) for text in filled):
            keys = _STAGE_KEYS if "items" in last else _ITEM_KEYS
            for name, text in cells.items():  # a row broken across a page: its texts go on the previous row
                if text and name in keys:
                    last[keys[name]] = f"{last[keys[name]]} {text}".strip()
            continue
        match = _STAGE_WORD.match(first)
        if match or (len(filled) == 1 and not _NUMBER.match(first)):
            stage = _new_stage(_STAGE_WORD.sub("", first).strip(" .") or first, match[1] if match else "")
            stages.append(stage)
            last, prefix = stage, None
            continue
        if stage_table:
            stage = _new_stage(cells["stage"] or cells["title"], number, cells["period"])
            stages.append(stage)
            last, prefix = stage, None
            _stage_table_items(stage, cells)
            continue
        if _TOP_NUMBER.match(number) and cells["title"] and not any(others):
            stage = _new_stage(cells["title"], number)
            stages.append(stage)
            last, prefix = stage, None
            continue
        depth = len(number.rstrip(".").split(".")) if _NUMBER.match(number) else 0
        if prefix and not number.startswith(prefix[0] + "."):
            prefix = None
        if depth >= 2 and cells["title"] and not any(others):
            # «5.1. Контроль …» with nothing else: a heading for «5.1.1.», «5.1.2.» below, or an item if none follow
            prefix = (number.rstrip("."), cells["title"].rstrip(" :."), cells)
            pending.append(prefix)
            continue
        if prefix and pending and pending[-1] is prefix:
            pending.pop()  # used as a heading
        _flush(pending, stages)
        if not stages:
            stages.append(_new_stage(_("Activities")))
            stages[-1]["problems"].append(_("No stage row above the first items: a stage is added."))
        stage = stages[-1]
        for title in split_items(cells["title"]) or [""]:
            if prefix:
                title = f"{prefix[1]}: {title}"
            item = _new_item(number, title, cells, cells["period"])
            if not title:
                item["problems"].append(_("The activity is empty."))
            stage["items"].append(item)
            last = item
    _flush(pending, stages)
    return {"columns": {name: cols for name, cols in columns.items()}, "stages": stages}


def _flush(pending: list, stages: list) -> None:
    """Sub-headings that no item followed are items after all."""
    for number, title, cells in pending:
        if stages:
            stages[-1]["items"].append(_new_item(number + ".", title, cells, cells["period"]))
    pending.clear()


def _stage_table_items(stage: dict, cells: dict) -> None:
    """A table of stages (seed 000): the activities of a stage's cell become its items, with the stage's period."""
    titles = split_items(cells["title"]) or [stage["title"]]
    results = split_items(cells["result"])
    paired = len(results) == len(titles)
    for index, title in enumerate(titles):
        item = _new_item(stage["number"], title, cells, stage["period_label"])
        item["result"] = results[index] if paired else ("; ".join(results) if index == 0 else "")
        stage["items"].append(item)
    if results and not paired and len(titles) > 1:
        stage["problems"].append(_("The stage's documents are given to its first item."))


def evaluate(draft: dict, start_year: int, roles: dict | None = None) -> list[dict]:
    """Stages and items as they will be created in the school year starting in `start_year`, each with its problems
    and how its period was read."""
    labels = [item["period_label"] for stage in draft["stages"] for item in stage["items"]]
    source = draft.get("source_year", source_school_year(labels))
    year_first, year_last = datetime.date(start_year, 8, 1), datetime.date(start_year + 1, 7, 31)
    stages = []
    for number, stage in enumerate(draft["stages"], start=1):
        items = []
        for item in stage["items"]:
            period = parse_period(item["period_label"], start_year, source)
            responsible = parse_responsible(item["responsible"], roles)
            document_type, order_type = document_kind(item["result"])
            problems = list(item["problems"])
            if period.unclear:
                problems.append(_("уточнить срок"))
            elif period.end > year_last or (period.start or period.end) < year_first:
                problems.append(_("The period falls outside the academic year."))
            if responsible.problem:
                problems.append(responsible.problem)
            items.append(
                {
                    **item,
                    "reading": period,
                    "responsible_reading": responsible,
                    "role_label": Role(responsible.role).label if responsible.role else "",
                    "document_type": document_type,
                    "document_label": DocumentType(document_type).label if document_type else "",
                    "order_type": order_type,
                    "order_label": OrderType(order_type).label if order_type else "",
                    "all_problems": problems,
                }
            )
        stages.append({**stage, "position": number, "kind": stage_kind(stage["title"]), "items": items})
    return stages

"""Step 1 of an import: find the table in the file and map its headings, streaming within the limits.

The headings of every spelling schools use are read, the federal bank forms' (МР-42/02) included; what is not
read is listed for the preview. Rows are kept as (spreadsheet row number, cell values); only filled rows count.
"""

import functools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from .limits import HEADER_SEARCH_ROWS, MAX_FILE_BYTES, MAX_ROWS, ImportFileError, too_big, too_many_rows
from .sheets import sheets_read

NON_WORD = re.compile(r"[^\w]+")
REMARK = re.compile(r"\([^)]*\)")


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return " ".join(NON_WORD.sub(" ", text.lower().replace("ё", "е")).split())


def norm(text) -> str:
    """Lower case, «ё» as «е», punctuation as spaces: how headings, names and choices are compared."""
    return _norm(str(text or ""))


# Canonical column → the headings schools write (normalised by `norm`).
COLUMNS = {
    "full_name": [
        "фио", "ф и о", "фамилия имя отчество", "фио наставляемого", "фио наставника", "фио участника",
        "фио обучающегося", "фио педагога", "фамилия имя отчество наставляемого", "фамилия имя отчество наставника",
    ],
    "last_name": ["фамилия"],
    "first_name": ["имя"],
    "patronymic": ["отчество"],
    "category": ["категория", "категория участника"],
    "position": ["должность"],
    "subject": ["предмет", "преподаваемый предмет", "предмет дисциплина"],
    "grade": ["класс", "класс группа", "группа", "объединение", "учебная группа"],  # mentoring.kinds: the unit
    "birth_date": ["дата рождения", "год рождения", "дата год рождения", "год рождения наставляемого"],
    "email": ["email", "e mail", "электронная почта", "эл почта", "адрес электронной почты"],
    "phone": ["телефон", "контактный телефон"],
    "contacts": [
        "контактные данные", "контакты", "контактные данные для связи", "контакты для связи",
        "контактные данные для обучающихся законного представителя",
    ],
    "representative": [
        "телефон родителя", "телефон родителей", "контакты законного представителя",
        "телефон законного представителя", "контактные данные законного представителя", "контакты родителей",
        "контакты родителя", "законный представитель",
    ],
    "workplace": ["место работы", "место учебы", "место работы учебы", "место работы учебы наставника"],
    "experience": ["стаж", "педагогический стаж", "стаж лет"],
    "request_text": [
        "запрос", "основной запрос", "основной запрос наставляемого", "запросы", "затруднения",
        "профессиональные затруднения", "запрос наставляемого",
    ],
    "directions": ["направления", "направления запроса", "направления наставничества"],
    "competencies": ["опыт и компетенции", "компетенции", "опыт и компетенции наставника"],
    "interests": ["интересы", "интересы наставника", "интересы наставляемого"],
    "qualification_category": ["квалификационная категория"],
    "form": ["форма наставничества", "желаемая форма наставничества", "форма"],
    "desired_mentee_age": ["желаемый возраст наставляемых"],
    "available_period": ["период в который готов работать", "период работы"],
    "capacity": ["сколько наставляемых", "число наставляемых", "количество наставляемых"],
    "entered_on": ["дата вхождения в программу", "дата включения в базу"],
}  # fmt: skip
ALIASES = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
NAME_KEYS = ("full_name", "last_name")


def column_key(heading) -> str | None:
    """The canonical key of a heading; a remark in brackets («Дата рождения (ДД.ММ.ГГГГ)») is ignored."""
    text = str(heading or "")
    return ALIASES.get(norm(text)) or ALIASES.get(norm(REMARK.sub(" ", text)))


@dataclass
class Table:
    sheet: str
    headers: dict[int, str]  # column index → heading as written
    columns: dict[str, int]  # canonical key → column index
    header_row: int
    rows: list[tuple[int, list]] = field(default_factory=list)  # filled rows: (row number, values)
    ignored: list[str] = field(default_factory=list)
    is_xlsx: bool = True

    def column_label(self, key: str) -> str:
        index = self.columns.get(key)
        if index is None and key in ("last_name", "first_name", "patronymic"):
            index = self.columns.get("full_name")
        if index is None:
            return ""
        heading = self.headers[index]
        return f"{get_column_letter(index + 1)} «{heading}»" if self.is_xlsx else f"№{index + 1} «{heading}»"

    def cell(self, values: list, key: str):
        index = self.columns.get(key)
        return values[index] if index is not None and index < len(values) else None


def _header(values: list) -> tuple[dict[str, int], dict[int, str]] | None:
    columns, headers = {}, {}
    for index, cell in enumerate(values):
        if cell in (None, ""):
            continue
        headers[index] = " ".join(str(cell).split())
        key = column_key(cell)
        if key and key not in columns:
            columns[key] = index
    if any(k in columns for k in NAME_KEYS):
        return columns, headers
    return None


def table_read(*, content: bytes, filename: str) -> Table:
    """The first sheet whose heading row (within the first rows) has a name column, with its rows."""
    if len(content) > MAX_FILE_BYTES:
        raise too_big(len(content))
    sheets, is_xlsx = sheets_read(content=content, filename=filename)
    titles = []
    for title, rows in sheets:
        titles.append(title)
        table = None
        for position, (number, values) in enumerate(rows):
            if table is None:
                if position >= HEADER_SEARCH_ROWS:
                    break  # not this sheet: the rest of it is never read
                found = _header(values)
                if found:
                    columns, headers = found
                    used = set(columns.values())
                    ignored = [headers[i] for i in sorted(headers) if i not in used]
                    table = Table(title, headers, columns, number, ignored=ignored, is_xlsx=is_xlsx)
                continue
            if len(table.rows) >= MAX_ROWS:
                raise too_many_rows(MAX_ROWS)
            table.rows.append((number, values))
        if table is not None:
            if not table.rows:
                raise ImportFileError(
                    _("The sheet «%(sheet)s» has headings but no rows of data.") % {"sheet": table.sheet}
                )
            return table
    raise ImportFileError(
        _(
            "No sheet has a heading row with the column «ФИО» (or «Фамилия», «Имя»). Sheets in the file: "
            "%(sheets)s. Check that the table is on one of them and its first rows are the column headings."
        )
        % {"sheets": ", ".join(f"«{title}»" for title in titles)}
    )

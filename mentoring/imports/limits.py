"""The hard limits of an import and the one exception that tells the user why a file cannot be read."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..russian import ru_number

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000  # filled rows of data
MAX_SHEET_ROW = 50_000  # a filled cell below this row number means the file is not a list we can read
MAX_COLUMNS = 100  # cells to the right of this column are not read
HEADER_SEARCH_ROWS = 10  # schools often put a title above the table
# An XLSX is a zip of XML files: what it may inflate to, checked from the archive's directory before opening it.
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024  # openpyxl keeps the shared strings in memory
MAX_RATIO = 150  # XML of real spreadsheets compresses 5-30 times; a bomb, thousands


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, too big, broken, no table found. The message is for the user."""


def too_many_rows(limit: int = MAX_ROWS) -> ImportFileError:
    return ImportFileError(
        ngettext(
            "The file has more than %(limit)s row. Split it into several files.",
            "The file has more than %(limit)s rows. Split it into several files.",
            limit,
        )
        % {"limit": ru_number(limit)}
    )


def too_big(size: int) -> ImportFileError:
    return ImportFileError(
        _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into several files.")
        % {"size": ru_number(round(size / 1024 / 1024, 1)), "limit": MAX_FILE_BYTES // 1024 // 1024}
    )

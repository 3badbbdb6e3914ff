"""Numbers, percentages and dates the Russian way: «10 000», «85,7 %», «1 декабря 2026 г.».

A non-breaking space groups thousands and separates the percent sign, so a line never breaks inside a number.
"""

import datetime
from decimal import Decimal

NBSP = "\u00a0"
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def ru_number(value, digits: int = 1) -> str:
    """«10 000», «85,7», «3»: thousands grouped, decimal comma, at most `digits` decimals, no trailing zeros."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value.replace(",", ".").replace(" ", "").replace(NBSP, ""))
        except ArithmeticError:
            return value
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{round(float(value), digits):,.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
    return text.replace(",", NBSP).replace(".", ",")


def ru_percent(value, digits: int = 1) -> str:
    """«85,7 %» (a share already in percent)."""
    if value is None or value == "":
        return ""
    return f"{ru_number(value, digits)}{NBSP}%"


def ru_date(value) -> str:
    """«1 декабря 2026 г.»."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"{value.day}{NBSP}{MONTHS_GENITIVE[value.month - 1]} {value.year}{NBSP}г."


def ru_date_numeric(value) -> str:
    """«01.12.2026», the form orders and tables print."""
    return f"{value:%d.%m.%Y}" if value else ""


def plural_count(value) -> int:
    """The number ngettext should choose a form by: a fraction takes the genitive singular («2,5 дня»), the «few»
    form in Russian, so any fractional value is given as 2."""
    if value is None:
        return 0
    if isinstance(value, int) or float(value).is_integer():
        return abs(int(value))
    return 2

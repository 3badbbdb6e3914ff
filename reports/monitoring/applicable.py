"""Which indicators apply to the organisation's kind (mentoring.kinds): where no pupils take part (a kindergarten),
the pupils' Р-145 shares are not shown, printed or exported, and the participants table lists the kind's own
categories under its own names («Студент» in a college).

The indicators are computed as they always are (indicators.py knows nothing of kinds); this module filters what they
return, so every reader — the dashboard, the PDF report, the XLSX and the JSON export, the charts — follows one rule.
"""

from mentoring.kinds import KindProfile, current_kind_profile

from . import indicators as ind


def definitions(profile: KindProfile | None = None) -> dict:
    """`indicators.DEFINITIONS` without those that do not apply."""
    profile = profile or current_kind_profile()
    return {code: text for code, text in ind.DEFINITIONS.items() if profile.indicator_applies(code)}


def _participant_rows(rows: list[dict], profile: KindProfile) -> list[dict]:
    # A category the kind does not offer is left out unless somebody is in it (data entered before a change of kind).
    offered = profile.category_codes
    kept = [r for r in rows if r["category"] in offered or r["people"]]
    kept.sort(key=lambda r: offered.index(r["category"]) if r["category"] in offered else len(offered))
    return [{**r, "label": profile.category_label(r["category"])} for r in kept]


def year_data(data: dict, profile: KindProfile | None = None) -> dict:
    """A copy of `indicators.year_indicators(...)` with only what applies to the kind."""
    profile = profile or current_kind_profile()
    shares = {code: value for code, value in data["shares"].items() if profile.indicator_applies(code)}
    participants = {**data["participants"], "rows": _participant_rows(data["participants"]["rows"], profile)}
    return {**data, "shares": shares, "participants": participants}


def key_figures(row: dict, profile: KindProfile | None = None) -> dict:
    """A copy of `indicators.key_figures(...)` (a year's row of the comparison) with only what applies."""
    profile = profile or current_kind_profile()
    return {code: value for code, value in row.items() if profile.indicator_applies(code)}

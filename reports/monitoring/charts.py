"""Charts of the indicators as SVG, rendered on the server with matplotlib (Agg backend).

The same chart goes to the dashboard (an image served by URL, cached by data version) and into the PDF report
(inline <svg>). Readable without colour: every series has its own hatch pattern as well as a grey shade, and every
bar carries its value as a label.
The font is the documents' shipped Liberation Serif (reports/fonts.py), registered with matplotlib from its files, so
the layout is the same on every machine. In the PDF the text stays text (`svg.fonttype = none`, drawn by WeasyPrint
with the same shipped files), so titles and labels can be searched and extracted; on the dashboard, where an image
cannot load the page's fonts, the text is drawn as paths of the same glyphs (`text_as_paths=True`).
"""

import base64
import hashlib
import io
import re
import textwrap
import threading

import matplotlib

matplotlib.use("Agg")

from django.utils.translation import gettext as _  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from mentoring.russian import ru_number, ru_percent

from ..fonts import CSS_FONT_FAMILY, DOCUMENT_FONT_FAMILY, FONT_FILES  # noqa: E402

# Grey shades and hatches: distinguishable in black-and-white print and for colour-blind readers.
SHADES = ["#4d4d4d", "#bdbdbd", "#8c8c8c", "#e0e0e0"]
HATCHES = ["", "//", "..", "xx"]
FONT = DOCUMENT_FONT_FAMILY  # the shipped files only: see _use_shipped_font
SVG_FONT = f"'{CSS_FONT_FAMILY}', serif"  # what the SVG's text names: the documents' @font-face (fonts.css)
PERCENT_AXIS = 112  # room right of 100% for the value labels
SCORE_AXIS = 11.5  # scores 1–10 and their labels
_lock = threading.Lock()  # matplotlib's rcParams are global; keep rendering one chart at a time per process

RC = {
    "svg.fonttype": "none",
    "font.family": FONT,
    "font.size": 9,
    "hatch.linewidth": 0.6,
    "svg.hashsalt": "mentoring",  # stable ids: the same data gives the same SVG
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _use_shipped_font() -> None:
    """Make matplotlib measure and draw with the shipped files: a system font of the same family name (another
    version, say) is dropped from its list, so the layout cannot depend on what the machine has installed."""
    manager = font_manager.fontManager
    manager.ttflist = [entry for entry in manager.ttflist if entry.name != DOCUMENT_FONT_FAMILY]
    for path in FONT_FILES.values():
        manager.addfont(path)


_use_shipped_font()


def _wrap(label: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _to_svg(fig: Figure, key: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buffer.getvalue()
    # Drop the XML prolog and DOCTYPE so the SVG can sit inline in HTML; turn CSS into presentation attributes,
    # which need no 'unsafe-inline' style policy and which WeasyPrint reads without complaint.
    svg = _STYLE_ELEMENT.sub("", svg[svg.index("<svg") :])
    svg = _STYLE_ATTR.sub(_presentation_attributes, svg)
    svg = svg.replace(f'font-family="{FONT}"', f'font-family="{SVG_FONT}"')
    # Ids unique per chart (from its title): several charts share one HTML page or PDF section.
    prefix = "c" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:6] + "-"
    svg = svg.replace('id="', f'id="{prefix}').replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')
    return svg


_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)
_STYLE_ATTR = re.compile(r'style="([^"]*)"')


def _presentation_attributes(match: re.Match) -> str:
    attrs = []
    for declaration in match.group(1).split(";"):
        name, _sep, value = (part.strip() for part in declaration.partition(":"))
        if name and value:
            attrs.append(f'{name}="{value.replace(chr(39), "")}"')
    return " ".join(attrs)


def _label_bars(ax, bars, fmt=ru_number, horizontal=False):
    for bar in bars:
        value = bar.get_width() if horizontal else bar.get_height()
        if value is None:
            continue
        ax.annotate(
            fmt(value),
            (bar.get_width(), bar.get_y() + bar.get_height() / 2)
            if horizontal
            else (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(3, 0) if horizontal else (0, 2),
            textcoords="offset points",
            ha="left" if horizontal else "center",
            va="center" if horizontal else "bottom",
            fontsize=8,
        )


def bar_chart(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    *,
    horizontal: bool = False,
    value_format=ru_number,
    xmax: float | None = None,
    target: float | None = None,
    target_label: str = "",
    integer: bool = True,
    text_as_paths: bool = False,
) -> str:
    """A grouped bar chart: one hatch and shade per series, the value on every bar; returns the SVG text."""
    with _lock, plt.rc_context({**RC, "svg.fonttype": "path" if text_as_paths else "none"}):
        n_cat = max(len(categories), 1)
        height = max(2.4, 0.42 * n_cat * max(1, len(series)) + 1.0) if horizontal else 3.2
        fig, ax = plt.subplots(figsize=(7.0, height))
        width = 0.8 / max(len(series), 1)
        positions = range(len(categories))
        for i, (name, values) in enumerate(series):
            offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
            style = {
                "color": SHADES[i % len(SHADES)],
                "hatch": HATCHES[i % len(HATCHES)],
                "edgecolor": "black",
                "linewidth": 0.6,
                "label": name,
            }
            values = [v or 0 for v in values]
            if horizontal:
                bars = ax.barh(offsets, values, height=width, **style)
            else:
                bars = ax.bar(offsets, values, width=width, **style)
            _label_bars(ax, bars, value_format, horizontal)
        labels = [_wrap(c, 30 if horizontal else 14) for c in categories]
        top = max([v or 0 for _name, values in series for v in values], default=0)
        limit = xmax if xmax is not None else max(1, top) * 1.18  # room for the value labels
        if horizontal:
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
            ax.set_xlim(0, limit)
            if xmax == PERCENT_AXIS:
                ax.set_xticks(range(0, 101, 20))
            elif xmax == SCORE_AXIS:
                ax.set_xticks(range(0, 11, 2))
            else:
                ax.xaxis.set_major_locator(MaxNLocator(integer=integer))
        else:
            ax.set_xticks(list(positions), labels)
            ax.set_ylim(0, limit)
            ax.yaxis.set_major_locator(MaxNLocator(integer=integer))
        if target is not None:
            line = ax.axvline if horizontal else ax.axhline
            line(target, color="black", linestyle="--", linewidth=1, label=target_label or None)
        legend = len(series) > 1 or target is not None
        ax.set_title(title, loc="left", fontsize=10, fontweight="bold", pad=20 if legend else 6)
        if legend:  # above the plot, under the title: never over the bars
            ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, borderaxespad=0.2)
        return _to_svg(fig, title)


def data_uri(svg: str) -> str:
    """For <img src> of a small chart drawn on the page (the office's roll-up): the page's CSP forbids the inline
    styles matplotlib writes, an image document does not."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_text(svg: str) -> list[str]:
    """The text elements of a chart (tests check titles and labels are real text)."""
    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip()]


# --- The charts of the indicators -----------------------------------------------------------------------------------


def participants_chart(data: dict, text_as_paths: bool = False) -> str:
    rows = data["participants"]["rows"]
    return bar_chart(
        _("Participants by category and role"),
        [r["label"] for r in rows],
        [(_("mentors"), [r["mentors"] for r in rows]), (_("mentees"), [r["mentees"] for r in rows])],
        text_as_paths=text_as_paths,
    )


def shares_chart(data: dict, text_as_paths: bool = False) -> str:
    s = data["shares"]
    items = [
        (label, s[code])
        for code, label in (
            ("share_students_mentees", _("Students aged 10–18 who are mentees")),
            ("share_young_teachers_mentees", _("Young teachers who are mentees")),
            ("share_students_mentors", _("Students aged 15–19 who are mentors")),
            ("share_involved", _("Students and teachers involved")),
        )
        if code in s  # the shares that apply to the kind of organisation (applicable.py)
    ]
    if not s.get("contingent", True):
        items = [(f"{label} — {_('contingent not entered')}", share) for label, share in items]
    return bar_chart(
        _("Shares of involvement, %"),
        [label for label, _share in items],
        [(_("share, %"), [share["percent"] or 0 for _label, share in items])],
        horizontal=True,
        value_format=ru_percent,
        xmax=PERCENT_AXIS,
        integer=False,
        target=s["target_percent"],
        target_label=_("federal target %(n)s") % {"n": ru_percent(s["target_percent"])},
        text_as_paths=text_as_paths,
    )


def groups_chart(data: dict, text_as_paths: bool = False) -> str:
    rows = data["groups"]["by_status"]
    return bar_chart(
        _("Pairs and groups by status"),
        [r["label"] for r in rows],
        [(_("groups"), [r["count"] for r in rows])],
        text_as_paths=text_as_paths,
    )


def forms_chart(data: dict, text_as_paths: bool = False) -> str:
    rows = data["groups"]["by_form"] or [{"label": _("no groups"), "count": 0}]
    return bar_chart(
        _("Pairs and groups by form"),
        [r["label"] for r in rows],
        [(_("groups"), [r["count"] for r in rows])],
        horizontal=True,
        text_as_paths=text_as_paths,
    )


def meetings_chart(data: dict, text_as_paths: bool = False) -> str:
    rows = data["meetings"]["bands"]
    return bar_chart(
        _("Pairs and groups by meetings held"),
        [r["label"] for r in rows],
        [(_("pairs and groups"), [r["count"] for r in rows])],
        text_as_paths=text_as_paths,
    )


def satisfaction_chart(data: dict, text_as_paths: bool = False) -> str:
    sat = data["satisfaction"]
    numbers = sorted({q["number"] for role in ("mentor", "mentee") for q in sat[role]["questions"]})

    def averages(role):
        by_number = {q["number"]: q["average"] for q in sat[role]["questions"]}
        return [by_number.get(n, 0) for n in numbers]

    return bar_chart(
        _("Average satisfaction per question (1–10)"),
        [_("question %(n)s") % {"n": n} for n in numbers] or [_("no answers yet")],
        [(_("mentors"), averages("mentor") or [0]), (_("mentees"), averages("mentee") or [0])],
        horizontal=True,
        value_format=ru_number,
        xmax=SCORE_AXIS,
        integer=False,
        text_as_paths=text_as_paths,
    )


def waiting_chart(data: dict, text_as_paths: bool = False) -> str:
    rows = data["waiting"]["bands"]
    return bar_chart(
        _("Mentees waiting for a mentor, by time waited"),
        [r["label"] for r in rows],
        [(_("mentees"), [r["count"] for r in rows])],
        text_as_paths=text_as_paths,
    )


CHARTS = [
    ("participants", participants_chart),
    ("shares", shares_chart),
    ("groups", groups_chart),
    ("forms", forms_chart),
    ("meetings", meetings_chart),
    ("satisfaction", satisfaction_chart),
    ("waiting", waiting_chart),
]


CODES = frozenset(code for code, _make in CHARTS)


def all_charts(data: dict, text_as_paths: bool = False) -> dict[str, str]:
    """Every chart of the indicators as {code: svg}."""
    return {code: make(data, text_as_paths) for code, make in CHARTS}


def one_chart(code: str, data: dict, text_as_paths: bool = True) -> str:
    """One chart of the indicators (the dashboard's image, text as paths by default)."""
    return dict(CHARTS)[code](data, text_as_paths)

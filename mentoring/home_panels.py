"""Panels other apps add to the home pages, so `mentoring` never imports them.

An app registers a panel in its `AppConfig.ready()`:

    register_panel("curator", "roadmap/panels/due_items.html", due_items_context, order=20)

`context(request, year)` returns the panel's template context, or None to hide the panel.
Homes: "curator", "director", "member" (mentors and mentees); "curator_top" is shown above the curator's
figures; "roadmap" above the roadmap's timeline; and the cards "person_card" and "group_card", whose context is
called as `context(request, year, obj=<the person or group>)`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    home: str
    template: str
    context: Callable
    order: int = 50


_PANELS: list[Panel] = []


def register_panel(home: str, template: str, context: Callable, order: int = 50) -> None:
    panel = Panel(home, template, context, order)
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels_for(home: str, request, year, **extra) -> list[dict]:
    rendered = []
    for panel in sorted((p for p in _PANELS if p.home == home), key=lambda p: p.order):
        context = panel.context(request, year, **extra)
        if context is not None:
            rendered.append({"template": panel.template, "context": context})
    return rendered

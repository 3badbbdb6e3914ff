"""`is_hub` for the navigation: the office's menu on a hub, the school's menus elsewhere.

The kind of the installation is set once at setup and rarely changed, yet every page draws the menu: it is read
lazily (only a page that draws the menu asks) and remembered in the process, so a page costs no query for it. Saving
the organisation sets the remembered kind at once in that process (federation.apps); other processes read it again
after KIND_TTL seconds (so after the first-run setup another worker may show the school's menu for that long).
"""

import time

from django.utils.functional import SimpleLazyObject

from mentoring.models import OrganisationKind

KIND_TTL = 600  # seconds another worker may show the old menu after the kind is changed
_remembered: dict = {"hub": None, "at": 0.0}


def remember_kind(kind: str | None) -> None:
    _remembered["hub"] = None if kind is None else kind == OrganisationKind.MUNICIPAL
    _remembered["at"] = time.monotonic()


def cached_is_hub() -> bool:
    if _remembered["hub"] is not None and time.monotonic() - _remembered["at"] < KIND_TTL:
        return _remembered["hub"]
    from mentoring.selectors import organisation

    org = organisation()
    remember_kind(org.kind if org is not None else "")
    return _remembered["hub"]


def on_organisation_saved(sender, instance, **kwargs) -> None:
    remember_kind(instance.kind)


def on_organisation_deleted(sender, instance, **kwargs) -> None:
    remember_kind(None)


def installation(request):
    return {"is_hub": SimpleLazyObject(cached_is_hub)}

"""The home-page panel of the director and the curator: the year's key indicators, linking to the dashboard."""

from mentoring.choices import Role
from mentoring.permissions import user_has_role

from . import applicable, cache
from . import indicators as ind


def key_indicators_panel(request, year):
    """The key figures (the shares read the contingent), cached by data version and shared with the dashboard in a
    request; hidden without a year or for users outside the staff roles."""
    if year is None or not user_has_role(request.user, Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL):
        return None
    figures = cache.key_figures(ind.make_scope(year), request)
    return {"year": year, "figures": figures, "definitions": applicable.definitions()}

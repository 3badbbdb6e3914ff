"""Home-page panels of the orders (registered in ReportsConfig.ready)."""

from .selectors import orders_awaiting_director, orders_needing_curator


def director_orders_panel(request, year):
    return {"orders": list(orders_awaiting_director()[:10])}


def curator_orders_panel(request, year):
    return {"orders": list(orders_needing_curator()[:10])}

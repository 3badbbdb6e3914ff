"""The base of effective programmes on the school's side (minimal version; helper fedo's replaces it)."""


def cases_store(items: list[dict]) -> int:
    """Upsert the municipality's shared cases (HubCase); this placeholder stores nothing."""
    return 0

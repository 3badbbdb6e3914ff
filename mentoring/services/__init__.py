"""Every write that carries a rule of the Regulation. Views and imports call these, never `save()` directly."""

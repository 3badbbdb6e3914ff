"""The hub's side of the exchange: the registry of member schools (codes, tokens) and the ingest of packages."""

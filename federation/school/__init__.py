"""The school's side of the exchange: the connection to the office, the sendings of packages, what comes back."""

"""Monitoring: the year's indicators, their charts, the dashboard, statistical exports and the end-of-year report."""

"""Models of the reports app; each module holds one concern. Import from here."""

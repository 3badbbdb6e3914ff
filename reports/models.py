"""Documents, orders, monitoring: added by the document-engine issue."""

"""Payment: fees and charges paid for dossiers (national portal, provincial portal, counter)."""

"""motcua: shared code of the one-stop services (config, contracts, infrastructure)."""

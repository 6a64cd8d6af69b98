"""Processing: departments' work on a dossier (supplement requests, results, withdrawals)."""

"""Intake: the Center's reception desk. Dossiers received and digitized, accounts assisted,
catalog decisions and the 766 index published."""

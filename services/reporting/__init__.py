"""Reporting: read-only gRPC queries over ClickHouse, and the monthly report.

reader/queries/activity/archive read ClickHouse; standing classifies each dossier with
motcua.deadlines; statistics tabulates Biểu 06; facts + model build the report model (the sections
in dossier_sections, activity_sections, index766, consistency); compute is what every caller uses:
service (gRPC), scheduler + store (the monthly run), live + livepage + gauges (live figures).
render/ turns a model into JSON, DOCX, HTML or XLSX.
"""

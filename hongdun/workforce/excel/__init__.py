"""Excel in and out for the workforce records: one template per kind serves export and import.

A Django app of its own (label ``workforce_excel``) so that its import jobs and migrations stay
apart from the record models of ``hongdun.workforce``.
"""

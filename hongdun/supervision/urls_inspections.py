"""Random inspections (双随机一公开): staff pages at /staff/supervision/inspections/ (namespace
"supervision-inspections"): plans, draws, rosters, results, recorded relations."""

from django.urls import URLPattern

backoffice_patterns: list[URLPattern] = []

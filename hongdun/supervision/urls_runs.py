"""The scheduled runs' log: staff pages at /staff/supervision/runs/ ("supervision-runs")."""

from django.urls import URLPattern

backoffice_patterns: list[URLPattern] = []

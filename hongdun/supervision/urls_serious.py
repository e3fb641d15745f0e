"""The serious-violation list: staff pages at /staff/supervision/serious/ (namespace
"supervision-serious")."""

from django.urls import URLPattern

backoffice_patterns: list[URLPattern] = []

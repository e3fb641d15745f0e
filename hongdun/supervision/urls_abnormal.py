"""The abnormal-operation list: staff pages at /staff/supervision/abnormal/ (namespace
"supervision-abnormal"), the enterprise's own pages at /enterprise/abnormal-list/ (namespace
"portal-abnormal")."""

from django.urls import URLPattern

backoffice_patterns: list[URLPattern] = []
portal_patterns: list[URLPattern] = []

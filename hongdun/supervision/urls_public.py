"""The public side: list pages per authority with search and the published inspection plans
at /supervision/ (namespace "supervision-public"); public API rows in `api_patterns` (/api/v1/)."""

from django.urls import URLPattern

public_patterns: list[URLPattern] = []
api_patterns: list[URLPattern] = []

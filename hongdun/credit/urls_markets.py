"""文明诚信市场: staff pages of markets, stalls, checklists and evaluations
(/staff/credit/markets/) and the public list of titled markets (/credit/markets/)."""

from django.urls import URLPattern, URLResolver

backoffice_patterns: list[URLPattern | URLResolver] = []
public_patterns: list[URLPattern | URLResolver] = []

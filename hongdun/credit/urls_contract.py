"""守合同重信用: the enterprise's applications (/enterprise/contract-credit/), the staff queue
(/staff/credit/contract/) and the public list (/credit/contract/)."""

from django.urls import URLPattern, URLResolver

portal_patterns: list[URLPattern | URLResolver] = []
backoffice_patterns: list[URLPattern | URLResolver] = []
public_patterns: list[URLPattern | URLResolver] = []

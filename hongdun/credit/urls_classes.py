"""Staff pages of the risk classes (/staff/credit/classes/): distribution per unit subtree, an
enterprise's classes over time with explanations, runs and re-runs, scheme versions, the legacy
classes, Excel exports. Internal only: nothing here is public."""

from django.urls import URLPattern, URLResolver

backoffice_patterns: list[URLPattern | URLResolver] = []

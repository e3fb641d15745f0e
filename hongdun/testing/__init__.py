"""The testing kit of the platform (imports nothing of the domain).

- `views`: a role × scope view suite a register declares in a few lines (`ScopedViewSuite`).
- `query_counts`: query-count baselines per view, kept in a JSON file beside the tests and
  re-recorded with HONGDUN_RECORD_QUERY_COUNTS=1.
- `race`: `race()` runs contenders in threads released together, with barrier timeouts.
- `pdf`: generated PDFs read back (text with pdftotext, QR code modules with pdfimages).
- `browser`: the Playwright helpers (traffic watch, styling check, sign-in through the login form,
  screenshots written outside the repository unless HONGDUN_REFRESH_SCREENSHOTS=1).
"""

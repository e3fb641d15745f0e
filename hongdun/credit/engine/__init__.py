"""The credit-risk classification rules, pure Python (no Django): indicators, the scheme as data,
the overrides, scoring, classes, explanations (docs/rules/credit.md). Vectorised with numpy so
a month of a million enterprises is one pass; every function also answers for one enterprise."""

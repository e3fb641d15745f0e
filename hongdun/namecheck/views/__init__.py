"""Pages of name declaration: the portal (applicants) and the back office (review by registrars)."""

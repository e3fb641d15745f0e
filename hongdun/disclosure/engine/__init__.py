"""The disclosure rules as pure functions: no Django, so an auditor can read and test them alone."""

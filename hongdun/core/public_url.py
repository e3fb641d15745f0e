"""Where the public reaches the portal: the base of every absolute link the bureau hands out.

The business licence's QR code is printed into a PDF when a registrar approves, long after (and
independently of) any request, so the address cannot come from the request that triggers it: a
registrar on the intranet would bake the intranet host into a document the public scans for
years. It is a deployment setting instead, `HONGDUN_PUBLIC_BASE_URL`:

- `make run` sets it from the host and port it serves on (`http://$(HOST):$(PORT)`);
- the local and test settings fall back to `http://127.0.0.1:8000`;
- production leaves it empty unless the environment sets it. Then the first concrete host of
  `DJANGO_ALLOWED_HOSTS` (the name the site answers to) is used with https, and a system check
  (`hongdun.W001`, see `system_checks.py`) warns at every start-up until the address is set.
"""

from django.conf import settings

LOCAL_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


def configured_public_base_url() -> str:
    """The address the deployment set, without a trailing slash; empty when it set none."""
    return str(settings.HONGDUN.get("PUBLIC_BASE_URL") or "").strip().rstrip("/")


def derived_public_base_url() -> str:
    """The best guess without a setting: https on the first host Django answers to that is a
    real name (not `*`, not a `.example.org` suffix pattern), else the local address."""
    for host in settings.ALLOWED_HOSTS:
        host = host.strip()
        if host and host != "*" and not host.startswith("."):
            return f"https://{host}"
    return LOCAL_PUBLIC_BASE_URL


def public_base_url() -> str:
    return configured_public_base_url() or derived_public_base_url()


def public_url(path: str) -> str:
    """The absolute public address of a site path such as `/enterprises/<uscc>/`."""
    if not path.startswith("/"):
        raise ValueError(f"a site path starts with '/': {path!r}")
    return public_base_url() + path

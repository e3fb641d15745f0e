"""Deployment checks that `manage.py check`, `migrate` and the task worker run at start-up.

They warn rather than fail: a portal without Chinese fonts or without its public address still
serves every page; only the documents it issues would be wrong, and the warning says how to fix
that before anyone downloads one.
"""

import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning

from hongdun.core.public_url import configured_public_base_url, derived_public_base_url

# The font families the PDF templates name (licence, refusal notice, name notice, yearly report).
# WeasyPrint finds them through fontconfig; without them Chinese renders as empty boxes.
PDF_FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC")
FONT_INSTALL_HINT = (
    "Install the Noto CJK fonts, e.g. on Debian/Ubuntu `sudo apt-get install fonts-noto-cjk` "
    "(on RHEL/Fedora `dnf install google-noto-sans-cjk-fonts google-noto-serif-cjk-fonts`), "
    "then restart Hongdun. Pages work without them; only the PDFs need them."
)
# fc-list builds its cache on the first call on a fresh machine, which can take a few seconds.
FC_LIST_TIMEOUT_SECONDS = 60


def chinese_font_families() -> set[str] | None:
    """The family names fontconfig knows for Chinese text, or None when it cannot be asked
    (no `fc-list`, or it failed), which the check reports as its own problem."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=FC_LIST_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    # One line per font file; a line lists the family's names separated by commas.
    return {name.strip() for line in result.stdout.splitlines() for name in line.split(",") if name}


def pdf_font_messages(families: set[str] | None) -> list[CheckMessage]:
    if families is None:
        return [
            CheckWarning(
                "Cannot tell whether the Chinese fonts for PDFs are installed: fontconfig's "
                "`fc-list` is missing or failed.",
                hint="Install fontconfig and the fonts, e.g. `sudo apt-get install fontconfig "
                "fonts-noto-cjk`.",
                id="hongdun.W002",
            )
        ]
    missing = [family for family in PDF_FONT_FAMILIES if family not in families]
    if not missing:
        return []
    return [
        CheckWarning(
            f"The Chinese fonts the PDFs use are not installed: {', '.join(missing)}. Licences, "
            "notices and the yearly report would show empty boxes instead of Chinese.",
            hint=FONT_INSTALL_HINT,
            id="hongdun.W002",
        )
    ]


def pdf_fonts_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    return pdf_font_messages(chinese_font_families())


def public_base_url_check(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Production leaves HONGDUN_PUBLIC_BASE_URL empty unless it is set (local and test settings
    fill it in), so an empty value means a production deployment that has not said its address."""
    if configured_public_base_url():
        return []
    return [
        CheckWarning(
            "HONGDUN_PUBLIC_BASE_URL is not set: business-licence QR codes and public links "
            f"will point to {derived_public_base_url()} (derived from DJANGO_ALLOWED_HOSTS).",
            hint="Set HONGDUN_PUBLIC_BASE_URL to the address the public uses to reach the portal, "
            "e.g. https://hongdun.baotou.gov.cn, before any licence is issued.",
            id="hongdun.W001",
        )
    ]

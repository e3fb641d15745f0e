"""Start-up checks: the public address of licence QR codes and the Chinese fonts of the PDFs.

The checks run for real: `fc-list` on this machine (and on a fontconfig set-up that knows no
fonts), `manage.py check` under the production settings in a child process, and `make -n run`.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from hongdun.core.public_url import public_base_url, public_url
from hongdun.core.system_checks import (
    PDF_FONT_FAMILIES,
    chinese_font_families,
    pdf_font_messages,
    pdf_fonts_check,
    public_base_url_check,
)
from hongdun.regreview.pdf import public_enterprise_url

BASE_DIR = Path(django_settings.BASE_DIR)
USCC = "91150203MA0000000X"


def with_public_base_url(settings, value: str) -> None:
    settings.HONGDUN = {**settings.HONGDUN, "PUBLIC_BASE_URL": value}


# --- the public address -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "allowed_hosts", "expected"),
    [
        ("https://hongdun.baotou.gov.cn/", ["*"], "https://hongdun.baotou.gov.cn"),
        ("http://10.0.0.5:9000", ["hongdun.baotou.gov.cn"], "http://10.0.0.5:9000"),
        ("", ["hongdun.baotou.gov.cn", "localhost"], "https://hongdun.baotou.gov.cn"),
        ("", ["*", ".baotou.gov.cn", "portal.baotou.gov.cn"], "https://portal.baotou.gov.cn"),
        ("", ["*"], "http://127.0.0.1:8000"),
        ("", [], "http://127.0.0.1:8000"),
    ],
)
def test_the_public_address_is_the_setting_or_derived_from_the_hosts(
    settings, configured, allowed_hosts, expected
):
    with_public_base_url(settings, configured)
    settings.ALLOWED_HOSTS = allowed_hosts
    assert public_base_url() == expected
    assert public_enterprise_url(USCC) == f"{expected}/enterprises/{USCC}/"


def test_a_public_url_needs_a_site_path():
    with pytest.raises(ValueError, match="starts with '/'"):
        public_url("enterprises/")


def test_no_warning_when_the_address_is_set(settings):
    with_public_base_url(settings, "https://hongdun.baotou.gov.cn")
    assert public_base_url_check(None) == []


def test_an_unset_address_warns_and_names_the_address_used(settings):
    with_public_base_url(settings, "")
    settings.ALLOWED_HOSTS = ["hongdun.baotou.gov.cn"]
    [message] = public_base_url_check(None)
    assert message.id == "hongdun.W001"
    assert "https://hongdun.baotou.gov.cn" in message.msg
    assert "HONGDUN_PUBLIC_BASE_URL" in (message.hint or "")


def test_local_and_test_settings_fill_the_address_in():
    # The test settings run here; an empty value would make every test deployment warn.
    assert django_settings.HONGDUN["PUBLIC_BASE_URL"]


def run_manage_check(tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"HONGDUN_PUBLIC_BASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-key-for-this-check-only",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="hongdun.baotou.example,localhost",
        HONGDUN_VAR_DIR=str(tmp_path / "var"),
        **extra_env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_start_up_warns_without_the_address_and_goes_on(tmp_path):
    result = run_manage_check(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "hongdun.W001" in output
    assert "https://hongdun.baotou.example" in output


def test_production_start_up_is_quiet_once_the_address_is_set(tmp_path):
    result = run_manage_check(tmp_path, HONGDUN_PUBLIC_BASE_URL="https://hongdun.baotou.example")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "hongdun.W001" not in output


def make_dry_run(*args: str, **extra_env: str) -> str:
    make = shutil.which("make")
    assert make is not None, "GNU make runs every target of this project"
    env = {k: v for k, v in os.environ.items() if k != "HONGDUN_PUBLIC_BASE_URL"} | extra_env
    result = subprocess.run(  # noqa: S603
        [make, "-n", "run", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), {}, "http://127.0.0.1:8000"),
        (("PORT=9123",), {}, "http://127.0.0.1:9123"),
        (("HOST=10.0.0.5", "PORT=8080"), {}, "http://10.0.0.5:8080"),
        (
            ("PORT=9123",),
            {"HONGDUN_PUBLIC_BASE_URL": "https://demo.example"},
            "https://demo.example",
        ),
    ],
)
def test_make_run_points_public_links_at_the_address_it_serves_on(args, env, expected):
    assert f'public links point to {expected}"' in make_dry_run(*args, **env)


def test_make_run_announces_every_step_and_checks_fonts_before_serving():
    plan = make_dry_run()
    steps = [line for line in plan.splitlines() if line.startswith('echo "==> ')]
    assert [step.split()[2] for step in steps if "/6" in step] == [f"{n}/6" for n in range(1, 7)]
    assert plan.index("manage.py check") < plan.index("manage.py migrate")
    assert "collectstatic --no-input -v 1" in plan
    assert "--quiet" not in plan


# --- the fonts of the PDFs ----------------------------------------------------------------------


def test_this_machine_has_the_fonts_the_pdfs_use():
    # CI installs fonts-noto-cjk (.ci/run); the PDF tests would fail without it anyway.
    families = chinese_font_families()
    assert families is not None
    assert set(PDF_FONT_FAMILIES) <= families
    assert pdf_fonts_check(None) == []


def test_a_machine_without_chinese_fonts_gets_the_install_command(tmp_path, monkeypatch):
    # A fontconfig configuration that lists no font directory: fc-list finds no Chinese font.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert chinese_font_families() == set()
    [message] = pdf_fonts_check(None)
    assert message.id == "hongdun.W002"
    assert "Noto Sans CJK SC" in message.msg
    assert "Noto Serif CJK SC" in message.msg
    assert "apt-get install fonts-noto-cjk" in (message.hint or "")


def test_without_fc_list_the_check_says_it_cannot_tell(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chinese_font_families() is None
    [message] = pdf_fonts_check(None)
    assert message.id == "hongdun.W002"
    assert "fc-list" in message.msg


@pytest.mark.parametrize(
    ("families", "missing"),
    [
        ({"Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP"}, []),
        ({"Noto Sans CJK SC"}, ["Noto Serif CJK SC"]),
        ({"Noto Serif CJK SC", "WenQuanYi Zen Hei"}, ["Noto Sans CJK SC"]),
        (set(), ["Noto Sans CJK SC", "Noto Serif CJK SC"]),
    ],
)
def test_the_warning_names_exactly_the_missing_families(families, missing):
    messages = pdf_font_messages(families)
    assert bool(messages) == bool(missing)
    for family in PDF_FONT_FAMILIES:
        assert (family in messages[0].msg if messages else False) == (family in missing)

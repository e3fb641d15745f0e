"""The English catalogue is complete and compiled, and the language switch works end to end."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from hongdun.accounts.roles import Role
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.services import enterprise_rename, enterprise_status_change
from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}")


@dataclass
class PoEntry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[str, str] = field(default_factory=dict)  # "" for singular, "0"/"1" for plural
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(path: Path) -> list[PoEntry]:
    """A small PO reader: enough for Django's catalogue (no obsolete or context entries)."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    target: tuple[str, str] | None = None  # which field continuation lines append to
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if entry is None:
            entry = PoEntry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a field"
            kind, key = target
            value = ast.literal_eval(line)
            if kind == "msgstr":
                entry.msgstr[key] += value
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            else:
                entry.msgid += value
        else:
            keyword, _sep, literal = line.partition(" ")
            value = ast.literal_eval(literal)
            if keyword == "msgid":
                entry.msgid, target = value, ("msgid", "")
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = value, ("msgid_plural", "")
            elif keyword == "msgstr":
                entry.msgstr[""], target = value, ("msgstr", "")
            elif keyword.startswith("msgstr["):
                index = keyword[len("msgstr[") : -1]
                entry.msgstr[index], target = value, ("msgstr", index)
            else:
                raise AssertionError(f"{path}:{number}: unexpected keyword {keyword!r}")
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[PoEntry]:
    entries = parse_po(PO_FILE)
    assert entries[0].msgid == "", "the first entry must be the header"
    return entries[1:]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The home page caches its counts; each test starts from its own data."""
    cache.clear()
    yield
    cache.clear()


# --- (a) the catalogue ---------------------------------------------------------------------------


def test_catalogue_is_english_and_not_fuzzy():
    header = parse_po(PO_FILE)[0]
    assert "Language: en\n" in header.msgstr[""]
    assert "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[""]


def test_every_msgid_has_a_translation(catalogue):
    assert len(catalogue) > 100
    untranslated = []
    for entry in catalogue:
        expected_keys = {"0", "1"} if entry.msgid_plural is not None else {""}
        if set(entry.msgstr) != expected_keys or not all(v.strip() for v in entry.msgstr.values()):
            untranslated.append(f"line {entry.line}: {entry.msgid!r}")
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries are ignored by compilemessages:\n" + "\n".join(fuzzy)


def test_translations_keep_the_placeholders(catalogue):
    for entry in catalogue:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for translated in entry.msgstr.values():
            assert sorted(PLACEHOLDER.findall(translated)) == wanted, entry.msgid


def test_translations_are_english(catalogue):
    """Chinese may stay only as quoted examples (a trade name like 红光), never as the sentence."""
    han = re.compile(r"[\u4e00-\u9fff]")
    for entry in catalogue:
        for translated in entry.msgstr.values():
            stripped = re.sub(r"“[^”]*”|e\.g\.[^…]*…", "", translated)
            assert not han.search(stripped), f"{entry.msgid!r} -> {translated!r}"


def test_compiled_catalogue_matches_the_po(catalogue):
    """The .mo the server loads is compiled from the current .po (run compilemessages)."""
    assert MO_FILE.exists(), "run: manage.py compilemessages --ignore=.venv"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue:
        if entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr[""], entry.msgid
        else:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr["0"]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr["1"]


def test_catalogue_covers_names_translated_through_variables(catalogue):
    """`{% translate bureau_name %}` and role labels are not all visible to makemessages."""
    by_id = {entry.msgid: entry for entry in catalogue}
    assert by_id[settings.HONGDUN["BUREAU_NAME"]].msgstr[""] == (
        "Baotou Administration for Market Regulation"
    )
    for role in Role:
        assert str(role.label) in by_id, role
    for status in EnterpriseStatus:
        assert str(status.label) in by_id, status


# --- (b) pages in each language ------------------------------------------------------------------


@pytest.fixture
def register_set(bureau):
    kundulun = bureau["kundulun"]
    enterprises = [
        register("包头市红光机械设备有限公司", kundulun, trade_name="红光"),
        register("红光商贸（包头）有限公司", kundulun, trade_name="红光"),
        register("包头市鑫源建筑工程有限公司", kundulun, trade_name="鑫源"),
    ]
    return enterprises


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# (language, page, query, texts shown, texts not shown): the interface in each language; the
# enterprises' names are data, not interface text, and stay Chinese.
PAGES_IN_EACH_LANGUAGE = [
    pytest.param(
        "zh-hans",
        "/",
        {},
        [
            '<html lang="zh-hans">',
            "<h1>企业信息查询</h1>",
            "包头市市场监督管理局",
            'data-testid="switch-en"',
        ],
        ["Enterprise information query"],
        id="home-zh",
    ),
    pytest.param(
        "en",
        "/",
        {},
        [
            '<html lang="en">',
            "<h1>Enterprise information query</h1>",
            "The bureau's register holds 3 market entities, 3 of them active.",
            "Baotou Administration for Market Regulation",
            'data-testid="switch-zh"',
        ],
        ["企业信息查询", "包头市市场监督管理局"],
        id="home-en",
    ),
    pytest.param(
        "zh-hans",
        "/enterprises/",
        {"q": "红光"},
        ["<h1>企业信息查询</h1>", "找到 2 户市场主体。", "有限责任公司", "存续"],
        [],
        id="search-zh",
    ),
    pytest.param(
        "en",
        "/enterprises/",
        {"q": "红光"},
        [
            "<h1>Enterprise information query</h1>",
            "Found 2 market entities.",
            "Unified Social Credit Code",
            "Limited liability company",
            ">Active<",
            # The enterprises' names are data, not interface text: they stay Chinese (the match
            # marked).
            "包头市<mark>红光</mark>机械设备有限公司",
        ],
        ["企业信息查询", "找到"],
        id="search-en",
    ),
    # The credit registers' public lists (issue 11): the programme keeps its Chinese name in
    # quotes after the English one, the rest of the interface is English.
    pytest.param(
        "en",
        "/credit/contract/",
        {},
        [
            '<h1 data-testid="list-title">Contract-abiding and trustworthy enterprises'
            " (“守合同重信用”)</h1>",
            "within their contract-abiding and trustworthy listing period",
            "Civilised and honest markets (“文明诚信市场”)",
        ],
        ["守合同重信用企业公示", "以下企业正在", "文明诚信市场公示"],
        id="credit-contract-en",
    ),
    pytest.param(
        "en",
        "/credit/markets/",
        {},
        [
            "<h1>Civilised and honest markets (“文明诚信市场”)</h1>",
            "the “civilised and honest market” title",
        ],
        ["文明诚信市场公示", "经年度评议达标"],
        id="credit-markets-en",
    ),
]


@pytest.mark.parametrize(("language", "path", "query", "shown", "hidden"), PAGES_IN_EACH_LANGUAGE)
def test_pages_in_the_language_of_the_cookie_chinese_by_default(
    client, register_set, language, path, query, shown, hidden
):
    if language == "en":
        english(client)
    response = client.get(path, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert [text for text in shown if text not in html] == []
    assert [text for text in hidden if text in html] == []


def test_search_fragment_and_errors_in_english(client, register_set):
    client = english(client)
    one = client.get("/enterprises/", {"q": "红光机械"}, headers={"HX-Request": "true"})
    assert "Found 1 market entity." in one.content.decode()
    assert "<html" not in one.content.decode()
    short = client.get("/enterprises/", {"q": "红"}).content.decode()
    assert 'data-testid="search-error"' in short
    assert "Enter at least two characters" in short
    bad = client.get("/enterprises/", {"q": "91150203MA0000000X"}).content.decode()
    assert 'data-testid="search-error"' in bad
    assert "Unified Social Credit Code" in bad
    assert "请核对" not in bad


def test_detail_timeline_in_english(client, register_set):
    renamed = enterprise_rename(
        acting_user=None,
        enterprise=register_set[0],
        name="包头市红光重工机械有限公司",
        trade_name="红光",
        effective_on=date(2020, 5, 6),
    )
    enterprise_status_change(
        acting_user=None,
        enterprise=renamed,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2023, 9, 1),
    )
    zh = client.get(f"/enterprises/{renamed.uscc}/").content.decode()
    assert "变更记录" in zh
    assert "名称变更" in zh
    assert "注销" in zh
    en = english(client).get(f"/enterprises/{renamed.uscc}/").content.decode()
    # The public record's change record (issue 9); its new headings await the integrator's
    # translation, the items and labels it shares with the register are English already.
    assert "Change of name" in en
    assert ">Deregistered<" in en
    assert ">Active<" in en
    assert "包头市红光机械设备有限公司" in en  # the former name, in the timeline


def test_back_office_role_labels_in_english(client, login, role_users):
    client = english(login(role_users[Role.REGISTRAR]))
    html = client.get("/staff/").content.decode()
    assert "<h1>Workbench</h1>" in html
    assert "<mark>Registrar</mark>" in html
    assert "工作台" not in html


# --- (c) the switch ------------------------------------------------------------------------------


def test_setlang_switches_to_english_and_back(client, register_set):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/enterprises/?q=红光"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/enterprises/?q=%E7%BA%A2%E5%85%89"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/enterprises/", {"q": "红光"}).content.decode()
    assert "<h1>Enterprise information query</h1>" in html
    assert "Found 2 market entities." in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "<h1>企业信息查询</h1>" in client.get("/").content.decode()


def test_setlang_ignores_unsupported_languages_and_foreign_redirects(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    # Django may store "fr" (it ships French), but only LANGUAGES are ever served.
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "<h1>企业信息查询</h1>" in html

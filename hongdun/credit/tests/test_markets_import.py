# ruff: noqa: F811 - pytest fixtures imported from test_markets_fixtures
"""The stall import: a good file adds and updates stalls in one go; a file with wrong rows is
refused whole, every wrong row listed, nothing written; the export reads back unchanged."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from hongdun.core.models import AuditLog
from hongdun.credit.models import MarketStall
from hongdun.credit.services_markets import StallData, stall_create
from hongdun.credit.tests.test_markets_fixtures import World, world  # noqa: F401 - fixtures
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db
HEADERS = ["摊位号", "经营者", "经营者统一社会信用代码", "经营品种", "状态"]


def _workbook(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "摊位"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: Any, world: World, content: bytes, name: str = "stalls.xlsx") -> Any:
    client.force_login(world.supervisor, backend="django.contrib.auth.backends.ModelBackend")
    return client.post(
        f"/staff/credit/markets/{world.market.pk}/stalls/import/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_a_good_file_adds_and_updates_stalls(client: Any, world: World) -> None:
    stall_create(
        actor=world.supervisor, market=world.market, data=StallData("A01", "张秀英", "", "蔬菜")
    )
    stall_create(actor=world.supervisor, market=world.market, data=StallData("A09", "王建国"))
    content = _workbook(
        [
            ["A01", "张秀英", None, "蔬菜、鲜肉", "在用"],  # goods changed
            [102, None, world.holder.uscc, "水果", None],  # a number typed as a number
            ["A03", "李桂兰", "", "粮油", "停用"],
            [None, None, None, None, None],  # an empty row is skipped
            ["A09", "王建国", "", "", ""],  # unchanged
        ]
    )
    response = _upload(client, world, content)
    assert response.status_code == 302
    stalls = {s.number: s for s in MarketStall.objects.filter(market=world.market)}
    assert set(stalls) == {"A01", "102", "A03", "A09"}
    assert stalls["A01"].goods == "蔬菜、鲜肉"
    assert stalls["102"].enterprise == world.holder
    assert stalls["102"].holder_name == world.holder.name
    assert stalls["A03"].is_active is False
    log = AuditLog.objects.get(action="credit.market.stalls_import")
    assert (
        (log.after or {})["created"],
        (log.after or {})["updated"],
        (log.after or {})["unchanged"],
    ) == (2, 1, 1)
    page = client.get(f"/staff/credit/markets/{world.market.pk}/").content.decode()
    assert "新增 2 个摊位，更新 1 个，1 个无变化" in page


def test_bad_rows_are_listed_and_nothing_is_written(client: Any, world: World) -> None:
    Enterprise.objects.filter(pk=world.operator.pk).update(status=EnterpriseStatus.DEREGISTERED)
    content = _workbook(
        [
            ["B01", "赵丽", "", "服装", ""],  # a good row: not written either
            ["B02", "", "", "鞋帽", ""],  # row 3: no holder
            ["B01", "钱多", "", "", ""],  # row 4: duplicate number
            ["B04", "孙强", "91150203XXXX", "", ""],  # row 5: a malformed code
            ["B05", "", world.operator.uscc, "", ""],  # row 6: a deregistered enterprise
            ["B06", "周平", "", "", "在营"],  # row 7: an unknown status
            ["B07" * 10, "吴敏", "", "", ""],  # row 8: the number too long
        ]
    )
    response = _upload(client, world, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "文件中有 6 处错误，没有导入任何数据" in page
    for expected in (
        "请填写经营者姓名或名称",
        "与第 2 行重复",
        "统一社会信用代码“91150203XXXX”不正确",
        "登记状态为注销",
        "状态只能填“在用”或“停用”",
        "摊位号不能超过20个字",
    ):
        assert expected in page, expected
    assert not MarketStall.objects.exists()
    assert not AuditLog.objects.filter(action="credit.market.stalls_import").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"number,holder\nA01,x\n", "不是 Excel 工作簿"),
        (b"", "上传的文件是空的"),
        (_workbook([["A01", "x"]], headers=["编号", "经营者"]), "缺少列：摊位号"),
        (_workbook([]), "没有数据行"),
    ],
)
def test_a_file_that_is_not_a_stall_sheet_is_refused(
    client: Any, world: World, content: bytes, message: str
) -> None:
    response = _upload(client, world, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MarketStall.objects.exists()


def test_the_export_is_the_template(client: Any, world: World) -> None:
    stall_create(
        actor=world.supervisor,
        market=world.market,
        data=StallData("A02", "", world.holder.uscc, "水果"),
    )
    client.force_login(world.supervisor, backend="django.contrib.auth.backends.ModelBackend")
    exported = client.get(f"/staff/credit/markets/{world.market.pk}/stalls/export.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert list(rows[1]) == ["A02", world.holder.name, world.holder.uscc, "水果", "在用"]
    response = _upload(client, world, exported.content)
    assert response.status_code == 302
    log = AuditLog.objects.get(action="credit.market.stalls_import")
    assert (log.after or {})["unchanged"] == 1

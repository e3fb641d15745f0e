"""The back office's tables draw their body in one pass (`BackOfficeTable.body`); the HTML must be
the one django-tables2's per-cell rendering gives, for every kind of column the platform and its
registers declare, and each cell must be drawn once."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from hongdun.core.backoffice.tables import BackOfficeTable, QueueTable, link_cell, status_badge

# The table template before the one-pass body: django-tables2's rows, cell by cell.
PER_CELL = Template(
    """<table {{ table.attrs.as_html }}>
  <thead><tr>{% for column in table.columns %}<th {{ column.attrs.th.as_html }}>{{ column.header }}</th>{% endfor %}</tr></thead>
  <tbody>
  {% for row in table.rows %}
    <tr {{ row.attrs.as_html }}>{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}</tr>
  {% empty %}
    <tr><td colspan="{{ table.columns|length }}"{% if table.empty_testid %} data-testid="{{ table.empty_testid }}"{% endif %}>{{ table.empty_text }}</td></tr>
  {% endfor %}
  </tbody>
</table>
"""  # noqa: E501
)
ONE_PASS = Template("{% load hongdun %}{% backoffice_table table %}")


class Row(SimpleNamespace):
    """A record that is not a dict: attributes, as a model instance has."""


class PlainValues(QueueTable):
    """The clerk queue's shape: dict rows of prepared values, a few render methods, the row
    coloured by a function of the record."""

    headers = (
        ("number", gettext_lazy("编号")),
        ("name", gettext_lazy("名称")),
        ("when", gettext_lazy("日期")),
        ("amount", gettext_lazy("金额")),
        ("status", gettext_lazy("状态")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有记录。")
        row_attrs = {
            "data-testid": "queue-row",
            "class": lambda record: f"row-{record['level']}" if record["level"] else "",
        }

    calls = 0

    def render_number(self, record: dict[str, Any]) -> str:
        type(self).calls += 1
        return link_cell(record["url"], record["number"], record["note"])

    def render_status(self, record: dict[str, Any]) -> str:
        return status_badge(record["status"], record["status_label"])


class Attributes(BackOfficeTable):
    """Object rows; render methods asking for the table and the column too, one asking for the
    cell's value (django-tables2's own path), a linkified column, cell attributes computed per
    record, and a column with empty values and a default."""

    headers = (("title", "标题"), ("owner", "承办人"))

    class Meta(BackOfficeTable.Meta):  # django-tables2 does not inherit Meta by itself
        pass

    def __init__(self, data: Any) -> None:
        super().__init__(
            data,
            extra_columns=[
                ("size", tables.Column(verbose_name="大小", orderable=False)),
                (
                    "code",
                    tables.Column(
                        verbose_name="代码",
                        orderable=False,
                        empty_values=(),
                        attrs={"td": {"data-code": lambda record: record.code or "none"}},
                    ),
                ),
                (
                    "site",
                    tables.Column(
                        verbose_name="网址", orderable=False, linkify=lambda record: record.url
                    ),
                ),
            ],
        )

    def render_title(self, record: Row, table: Any, bound_column: Any) -> str:
        return format_html("<b>{}</b> ({})", record.title, bound_column.name)

    def render_owner(self, record: Row) -> Any:
        return record.owner  # a plain string, unsafe text escaped, or None

    def render_size(self, value: Any, record: Row) -> str:
        return f"{value} KB"


def dict_rows(n: int) -> list[dict[str, Any]]:
    return [
        {
            "url": f"/staff/x/{i}/",
            "number": f"N-{i}",
            "note": "补正后重新申请" if i % 3 == 0 else "",
            "name": ["<script>alert(1)</script>", mark_safe("<em>安全</em>"), "华鑫 & 泰"][i % 3],
            "when": date(2026, 11, i + 1),
            "amount": [Decimal("12.50"), 1234567, None][i % 3],
            "status": "accepted",
            "status_label": "已受理",
            "level": ["", "warn", "overdue"][i % 3],
        }
        for i in range(n)
    ]


def object_rows(n: int) -> list[Row]:
    return [
        Row(
            title=f"问题<{i}>",
            owner=[None, "张三", "<i>x</i>"][i % 3],
            size=[10, None, ""][i % 3],
            code=["A1", "", None][i % 3],
            url=f"/x/{i}/",
            site=["包头", None, "稀土"][i % 3],
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("make", "rows"),
    [
        (PlainValues, dict_rows(7)),
        (PlainValues, []),
        (Attributes, object_rows(6)),
        (Attributes, []),
    ],
    ids=["dict rows", "empty queue", "object rows", "empty list"],
)
def test_one_pass_body_is_django_tables2s_html(make: Any, rows: list[Any]) -> None:
    expected = PER_CELL.render(Context({"table": make(rows)}))
    drawn = ONE_PASS.render(Context({"table": make(rows)}))
    assert drawn == expected
    if rows:
        assert drawn.count("<tr ") == len(rows)  # one row per record


def test_values_are_escaped_and_localised_as_in_a_template() -> None:
    html = ONE_PASS.render(Context({"table": PlainValues(dict_rows(3))}))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<em>安全</em>" in html  # a safe string is not escaped twice
    assert "华鑫 &amp; 泰" in html
    assert '<tr data-testid="queue-row" class="even">' in html
    assert '<tr data-testid="queue-row" class="row-warn odd">' in html
    assert '<tr data-testid="queue-row" class="row-overdue even">' in html


def test_each_render_method_runs_once_per_cell() -> None:
    PlainValues.calls = 0
    table = PlainValues(dict_rows(5))
    ONE_PASS.render(Context({"table": table}))
    ONE_PASS.render(Context({"table": table}))  # the drawn body is kept with the table
    assert PlainValues.calls == 5


def test_the_value_path_and_links_still_go_through_django_tables2() -> None:
    html = ONE_PASS.render(Context({"table": Attributes(object_rows(3))}))
    assert "<td >10 KB</td>" in html  # render_size asked for the value
    assert "<td >—</td>" in html  # an empty value shows the default, render not called
    assert '<td ><a href="/x/0/">包头</a></td>' in html  # linkify
    assert '<td data-code="A1">A1</td>' in html  # cell attributes from the record
    assert '<td data-code="none"></td>' in html

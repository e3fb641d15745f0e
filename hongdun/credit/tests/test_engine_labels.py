"""Explanations as staff read them (hongdun.credit.labels)."""

import copy

import pytest
from django.utils import translation

from hongdun.credit.choices import Override
from hongdun.credit.engine.classify import OVERRIDES, explain
from hongdun.credit.engine.indicators import INDICATORS
from hongdun.credit.engine.inputs import INPUT_FIELDS
from hongdun.credit.engine.scheme import DEFAULT_DEFINITION, DEFAULT_SAMPLING, scheme_from_data
from hongdun.credit.labels import (
    FIELD_LABELS,
    INDICATOR_DESCRIPTIONS,
    INDICATOR_LABELS,
    OVERRIDE_DESCRIPTIONS,
    OVERRIDE_LABELS,
    explanation_lines,
    indicator_values,
)
from hongdun.credit.models import Classification

DEFAULT = scheme_from_data(DEFAULT_DEFINITION, DEFAULT_SAMPLING)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _scheme(**changes):
    definition = copy.deepcopy(DEFAULT_DEFINITION)
    definition.update(changes)
    return scheme_from_data(definition, DEFAULT_SAMPLING)


def test_every_code_and_field_has_a_label():
    assert set(INDICATOR_LABELS) == set(INDICATOR_DESCRIPTIONS) == set(INDICATORS)
    assert set(OVERRIDE_LABELS) == set(OVERRIDES) | {""}
    assert set(OVERRIDE_DESCRIPTIONS) == set(OVERRIDES)
    for code, label in OVERRIDE_LABELS.items():
        assert str(label) == str(Override(code).label)
    assert list(FIELD_LABELS) == list(INPUT_FIELDS)
    for name, label in FIELD_LABELS.items():
        field = Classification._meta.get_field(name)
        assert str(label) == str(getattr(field, "verbose_name", None))


@pytest.mark.parametrize(
    ("code", "values", "text"),
    [
        ("filing", {"reports_due": 3, "reports_late": 1}, "逾期报送年报 1 次（近三年应报 3 次）"),
        (
            "filing",
            {"reports_due": 3, "reports_missing": 1, "reports_late": 1},
            "未报年报 1 次、逾期报送年报 1 次（近三年应报 3 次）",
        ),
        ("filing", {"reports_due": 2}, "年报均按时报送（近三年应报 2 次）"),
        ("filing", {}, "近三年无应报年报"),
        ("corrections", {"report_corrections": 2}, "年报更正 2 次"),
        ("immediate_late", {"immediate_late": 1}, "即时信息逾期公示 1 次"),
        ("abnormal_history", {"abnormal_listings": 1}, "近三年列入经营异常名录 1 次"),
        ("serious_history", {"serious_history": 1}, "曾列入严重违法失信名单 1 次"),
        ("penalties", {"penalties": 2}, "近三年行政处罚 2 次"),
        ("inspection_findings", {"inspection_problems": 3}, "近三年抽查检查发现问题 3 次"),
        ("age", {"age_months": 5}, "成立 5 个月"),
        ("paid_in", {"paid_in_ratio": 0.255}, "实缴出资比例 25.5%"),
        ("paid_in", {"paid_in_ratio": None}, "实缴出资比例未知"),
        ("address_changes", {"address_changes": 4}, "近两年住所变更 4 次"),
        ("related", {"related_listed": 2}, "关联企业中 2 户在名录或名单中"),
    ],
)
def test_what_each_indicator_read(code, values, text):
    row = next(row for row in explain(values, DEFAULT).rows if row.code == code)
    assert indicator_values(row) == text


def test_a_scored_enterprise():
    values = {"reports_due": 3, "reports_late": 1, "penalties": 2, "age_months": 120}
    lines = explanation_lines(explain({**values, "paid_in_ratio": 1.0}, DEFAULT))
    assert lines == [
        "B类，风险分值 15（按分值为B类）",
        "近三年行政处罚 2 次：风险 0.67 × 权重 15 = 10.0 分",
        "逾期报送年报 1 次（近三年应报 3 次）：风险 0.33 × 权重 15 = 5.0 分",
        "其余指标均为 0 分。",
        "再减少超过 5 分（风险分值低于 10）可升为 A 类：如行政处罚（现 10.0 分）任一项降为0分。",
    ]


def test_an_enterprise_no_single_indicator_can_move_up():
    scheme = _scheme(weights={"filing": 50, "penalties": 50}, thresholds={"A": 1, "B": 40, "C": 60})
    lines = explanation_lines(
        explain({"reports_due": 3, "reports_late": 1, "penalties": 1}, scheme)
    )
    assert lines[-1] == (
        "再减少超过 32.33 分（风险分值低于 1）可升为 A 类："
        "没有单独一项指标可以做到，须多项指标共同改善。"
    )


def test_the_best_class():
    lines = explanation_lines(explain({"age_months": 120, "paid_in_ratio": 1.0}, DEFAULT))
    assert lines == ["A类，风险分值 0（按分值为A类）", "各项指标均为 0 分。", "已是风险最低的A类。"]


def test_overrides():
    lines = explanation_lines(
        explain({"on_serious_list": True, "on_abnormal_list": True, "age_months": 120}, DEFAULT)
    )
    assert lines[1:3] == [
        "列入严重违法失信名单：直接判为D类",
        "另列入经营异常名录（已按上一条判定）",
    ]
    assert lines[-1] == "移出严重违法失信名单可升为 C 类。"

    lines = explanation_lines(explain({"on_abnormal_list": True, "age_months": 120}, DEFAULT))
    assert lines[1] == "列入经营异常名录：至少为C类"
    assert lines[-1] == "移出经营异常名录可升为 B 类。"

    values = {"on_abnormal_list": True, "penalties": 3, "reports_due": 3, "reports_missing": 2}
    lines = explanation_lines(explain({**values, "age_months": 120, "paid_in_ratio": 1}, DEFAULT))
    assert lines[0] == "C类，风险分值 25（按分值为C类）"
    assert lines[-1].startswith(
        "移出经营异常名录并风险分值降到低于 25（现恰为 25）可升为 B 类：如行政处罚（现 15.0 分）"
    )

    lines = explanation_lines(
        explain(
            {
                "on_abnormal_list": True,
                "penalties": 3,
                "serious_history": 1,
                "age_months": 120,
                "paid_in_ratio": 1,
                "reports_due": 3,
                "reports_missing": 3,
            },
            DEFAULT,
        )
    )
    assert lines[1] == "列入经营异常名录，但按风险分值已为D类"

    lines = explanation_lines(explain({"licence_revoked": True}, DEFAULT))
    assert lines[1] == "被吊销营业执照：直接判为D类"
    assert lines[-1].startswith("吊销营业执照的决定被撤销")

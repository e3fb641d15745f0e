"""What staff read of a classification: the Chinese names of the indicators, overrides and input
fields, and an explanation (hongdun.credit.engine.classify.Explanation, codes and numbers only)
rendered as sentences (docs/rules/credit.md §2)."""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from hongdun.credit.engine.classify import (
    ABNORMAL_LIST,
    LICENCE_REVOKED,
    SCORE_DECIMALS,
    SCORE_STEP,
    SERIOUS_LIST,
    Explanation,
    ExplanationRow,
    MoveUp,
)

INDICATOR_LABELS: dict[str, Promise] = {
    "filing": _("年报报送"),
    "corrections": _("年报更正"),
    "immediate_late": _("即时信息公示"),
    "abnormal_history": _("经营异常名录记录"),
    "serious_history": _("严重违法失信记录"),
    "penalties": _("行政处罚"),
    "inspection_findings": _("抽查检查发现问题"),
    "age": _("成立时间"),
    "paid_in": _("实缴出资"),
    "address_changes": _("住所变更"),
    "related": _("关联企业"),
}

INDICATOR_DESCRIPTIONS: dict[str, Promise] = {
    "filing": _("近三个年报期内未报和逾期报送的年报占应报年报的比例"),
    "corrections": _("近三年更正年报的次数"),
    "immediate_late": _("近三年即时信息逾期公示的次数"),
    "abnormal_history": _("近三年列入经营异常名录的次数"),
    "serious_history": _("曾列入严重违法失信名单的次数"),
    "penalties": _("近三年受到行政处罚的次数"),
    "inspection_findings": _("近三年抽查检查发现问题的次数"),
    "age": _("成立时间越短风险越高，成熟后为0"),
    "paid_in": _("实缴出资占认缴出资的比例越低风险越高；未知时取中性值"),
    "address_changes": _("近两年变更住所的次数"),
    "related": _("法定代表人或投资人相同的关联企业中列入名录、名单的户数"),
}

OVERRIDE_LABELS: dict[str, Promise] = {
    "": _("无（按评分）"),
    SERIOUS_LIST: _("列入严重违法失信名单"),
    LICENCE_REVOKED: _("被吊销营业执照"),
    ABNORMAL_LIST: _("列入经营异常名录"),
}

OVERRIDE_DESCRIPTIONS: dict[str, Promise] = {
    SERIOUS_LIST: _("在严重违法失信名单中的企业直接判为方案规定的类别（默认D类）"),
    LICENCE_REVOKED: _("被吊销营业执照的企业直接判为方案规定的类别（默认D类）"),
    ABNORMAL_LIST: _("在经营异常名录中的企业不低于方案规定的类别（默认至少为C类）"),
}

# The same words as the verbose names of hongdun.credit.models.Classification's input columns.
FIELD_LABELS: dict[str, Promise] = {
    "age_months": _("成立月数"),
    "reports_due": _("近三年应报年报数"),
    "reports_missing": _("未报年报数"),
    "reports_late": _("逾期报送年报数"),
    "report_corrections": _("年报更正次数"),
    "immediate_late": _("即时信息逾期公示次数"),
    "abnormal_listings": _("近三年列入经营异常名录次数"),
    "on_abnormal_list": _("在经营异常名录中"),
    "on_serious_list": _("在严重违法失信名单中"),
    "serious_history": _("曾列入严重违法失信名单次数"),
    "licence_revoked": _("被吊销营业执照"),
    "penalties": _("近三年行政处罚次数"),
    "inspection_problems": _("近三年抽查发现问题次数"),
    "paid_in_ratio": _("实缴出资比例"),
    "address_changes": _("近两年住所变更次数"),
    "related_listed": _("关联企业在名录名单中数"),
}


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _filing(values: Mapping[str, Any]) -> str:
    missing, late, due = values["reports_missing"], values["reports_late"], values["reports_due"]
    if not due:
        return _g("近三年无应报年报")
    parts = []
    if missing:
        parts.append(_g("未报年报 %(count)s 次") % {"count": missing})
    if late:
        parts.append(_g("逾期报送年报 %(count)s 次") % {"count": late})
    if not parts:
        parts.append(_g("年报均按时报送"))
    return _g("%(parts)s（近三年应报 %(due)s 次）") % {"parts": "、".join(parts), "due": due}


def _paid_in(values: Mapping[str, Any]) -> str:
    ratio = values["paid_in_ratio"]
    if ratio is None:
        return _g("实缴出资比例未知")
    return _g("实缴出资比例 %(percent)s%%") % {"percent": _number(ratio * 100)}


def _count(text: Promise, field: str) -> Callable[[Mapping[str, Any]], str]:
    def describe(values: Mapping[str, Any]) -> str:
        return str(text) % {"count": values[field]}

    return describe


_VALUES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "filing": _filing,
    "corrections": _count(_("年报更正 %(count)s 次"), "report_corrections"),
    "immediate_late": _count(_("即时信息逾期公示 %(count)s 次"), "immediate_late"),
    "abnormal_history": _count(_("近三年列入经营异常名录 %(count)s 次"), "abnormal_listings"),
    "serious_history": _count(_("曾列入严重违法失信名单 %(count)s 次"), "serious_history"),
    "penalties": _count(_("近三年行政处罚 %(count)s 次"), "penalties"),
    "inspection_findings": _count(_("近三年抽查检查发现问题 %(count)s 次"), "inspection_problems"),
    "age": _count(_("成立 %(count)s 个月"), "age_months"),
    "paid_in": _paid_in,
    "address_changes": _count(_("近两年住所变更 %(count)s 次"), "address_changes"),
    "related": _count(_("关联企业中 %(count)s 户在名录或名单中"), "related_listed"),
}

_LIFT: dict[str, Promise] = {
    SERIOUS_LIST: _("移出严重违法失信名单"),
    LICENCE_REVOKED: _("吊销营业执照的决定被撤销"),
    ABNORMAL_LIST: _("移出经营异常名录"),
}


def indicator_values(row: ExplanationRow) -> str:
    """The input values one indicator read, as a phrase (“逾期报送年报 1 次（近三年应报 3 次）”)."""
    return _VALUES[row.code](row.values)


def row_line(row: ExplanationRow) -> str:
    return _g("%(values)s：风险 %(risk)s × 权重 %(weight)s = %(points)s 分") % {
        "values": indicator_values(row),
        "risk": f"{row.risk:.2f}",
        "weight": _number(row.weight),
        "points": f"{row.points:.1f}",
    }


def _override_lines(explanation: Explanation) -> list[str]:
    lines = []
    for code in explanation.flags:
        label = str(OVERRIDE_LABELS[code])
        if code == explanation.override:
            if code == ABNORMAL_LIST:
                text = _g("%(label)s：至少为%(cls)s类")
            else:
                text = _g("%(label)s：直接判为%(cls)s类")
            lines.append(text % {"label": label, "cls": explanation.risk_class})
        elif explanation.override:
            lines.append(_g("另%(label)s（已按上一条判定）") % {"label": label})
        else:
            lines.append(
                _g("%(label)s，但按风险分值已为%(cls)s类")
                % {"label": label, "cls": explanation.risk_class}
            )
    return lines


def _move_up_line(move: MoveUp | None, explanation: Explanation) -> str:
    if move is None:
        return _g("已是风险最低的%(cls)s类。") % {"cls": explanation.risk_class}
    steps = [str(_LIFT[code]) for code in move.lift]
    if move.points > 0:
        # The engine's points are the gap plus one step of the rounded score; staff read the
        # gap and the bound: more than the gap, below the bound.
        gap = round(move.points - SCORE_STEP, SCORE_DECIMALS)
        bound = _number(explanation.score - gap)
        if gap > 0:
            step = _g("再减少超过 %(gap)s 分（风险分值低于 %(bound)s）") % {
                "gap": _number(gap),
                "bound": bound,
            }
        else:
            step = _g("风险分值降到低于 %(bound)s（现恰为 %(bound)s）") % {"bound": bound}
        steps.append(step)
    line = _g("%(steps)s可升为 %(cls)s 类") % {"steps": "并".join(steps), "cls": move.to_class}
    if move.points <= 0:
        return line + "。"
    if move.indicators:
        examples = "、".join(
            _g("%(label)s（现 %(points)s 分）")
            % {"label": INDICATOR_LABELS[code], "points": f"{points:.1f}"}
            for code, points in move.indicators
        )
        return line + _g("：如%(examples)s任一项降为0分。") % {"examples": examples}
    return line + _g("：没有单独一项指标可以做到，须多项指标共同改善。")


def explanation_lines(explanation: Explanation) -> list[str]:
    """The explanation as sentences for staff: the class and score, the overrides, the indicators
    that carry points (largest first), and what would move the enterprise up one class."""
    lines = [
        _g("%(cls)s类，风险分值 %(score)s（按分值为%(score_class)s类）")
        % {
            "cls": explanation.risk_class,
            "score": _number(explanation.score),
            "score_class": explanation.score_class,
        }
    ]
    lines.extend(_override_lines(explanation))
    scored = [row for row in explanation.rows if row.points > 0]
    lines.extend(row_line(row) for row in scored)
    if not scored:
        lines.append(_g("各项指标均为 0 分。"))
    elif len(scored) < len(explanation.rows):
        lines.append(_g("其余指标均为 0 分。"))
    lines.append(_move_up_line(explanation.move_up, explanation))
    return lines

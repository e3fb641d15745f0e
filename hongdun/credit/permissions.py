"""Row scope of the credit registers (ADR 0013). Who reads and edits them is their rows of
`hongdun.core.scope_rules`:

- "credit.classification": the risk classes, by the enterprise's registration authority;
  internal to staff (supervisors and leaders of the subtree, the city's administrators);
  the schemes and the monthly runs are city-wide, edited by the administrators;
- "credit.contract": 守合同重信用 applications and publicity, by the reviewing authority;
- "credit.market": markets and their evaluations, by the market's supervising unit.
"""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

CLASSIFICATION = "credit.classification"
SCHEME = "credit.scheme"
CONTRACT = "credit.contract"
MARKET = "credit.market"


def declare_scope() -> None:
    from hongdun.credit.models import (
        Classification,
        ContractCreditApplication,
        ContractCreditPublicity,
        LegacyClassification,
        Market,
        MarketEvaluation,
        MarketStall,
    )

    register_kind(CLASSIFICATION, label=_("企业信用风险分类"))
    register_model(Classification, kind=CLASSIFICATION, unit="enterprise__registration_authority")
    register_model(
        LegacyClassification, kind=CLASSIFICATION, unit="enterprise__registration_authority"
    )
    # Schemes and runs are city-wide: `permits(user, SCHEME, action)` decides, no row scope.
    register_kind(SCHEME, label=_("信用风险分类方案和批次"))
    register_kind(CONTRACT, label=_("守合同重信用"))
    register_model(ContractCreditApplication, kind=CONTRACT, unit="authority")
    register_model(ContractCreditPublicity, kind=CONTRACT, unit="authority")
    register_kind(MARKET, label=_("文明诚信市场"))
    register_model(Market, kind=MARKET, unit="unit")
    register_model(MarketStall, kind=MARKET, unit="market__unit")
    register_model(MarketEvaluation, kind=MARKET, unit="market__unit")

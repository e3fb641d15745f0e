"""Enterprises for tests, registered through the real service so the index and history are real."""

from datetime import date
from decimal import Decimal
from typing import Any

from hongdun.accounts.models import User
from hongdun.enterprises.choices import EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.services import EnterpriseData, enterprise_register
from hongdun.orgs.models import Unit


def register(
    name: str,
    authority: Unit,
    *,
    trade_name: str = "",
    enterprise_type: str = EnterpriseType.LLC,
    established_on: date = date(2015, 3, 1),
    acting_user: User | None = None,
    **extra: Any,
) -> Enterprise:
    data = EnterpriseData(
        name=name,
        trade_name=trade_name,
        enterprise_type=enterprise_type,
        legal_rep_name=extra.pop("legal_rep_name", "测试人"),
        legal_rep_id_number=extra.pop("legal_rep_id_number", "150203198001011234"),
        address=extra.pop("address", "内蒙古自治区包头市昆都仑区钢铁大街1号"),
        established_on=established_on,
        registered_capital=extra.pop("registered_capital", Decimal("1000000.00")),
        **extra,
    )
    return enterprise_register(acting_user=acting_user, data=data, registration_authority=authority)

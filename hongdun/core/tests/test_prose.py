"""Numbers in the running text of official documents: the rule table of `hongdun.core.prose`."""

from decimal import Decimal

import pytest

from hongdun.core.prose import amount_in_prose, plain_number


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        # Under 10,000 yuan: yuan, fen only when there are any.
        (Decimal("0.50"), "0.50元"),
        (Decimal("150"), "150元"),
        (Decimal("150.88"), "150.88元"),
        (Decimal("8500.00"), "8500元"),
        (Decimal("8500.5"), "8500.50元"),
        (Decimal("9999.99"), "9999.99元"),
        (0, "0元"),
        # From 10,000: 万元 when exact to the hundred yuan (two decimals in 万) ...
        (Decimal("10000"), "1万元"),
        (Decimal("156000.00"), "15.6万元"),
        (Decimal("150000"), "15万元"),
        (Decimal("12480000.00"), "1248万元"),
        (Decimal("12345600"), "1234.56万元"),
        # ... else the exact yuan: prose never rounds what the records add up to.
        (Decimal("155710.00"), "155710元"),
        (Decimal("149060"), "149060元"),
        (Decimal("12345"), "12345元"),
        (Decimal("155710.50"), "155710.50元"),
        # From 100,000,000: 亿元 under the same rule, else 万元, else yuan.
        (Decimal("100000000"), "1亿元"),
        (Decimal("123000000"), "1.23亿元"),
        (Decimal("123400000"), "12340万元"),
        (Decimal("123456789"), "123456789元"),
    ],
)
def test_amounts_are_written_in_the_official_style_without_rounding(
    yuan: Decimal | int, text: str
) -> None:
    assert amount_in_prose(yuan) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (38126, "38126"),
        (2005, "2005"),
        (Decimal("68.0"), "68"),
        (Decimal("71.4"), "71.4"),
        (Decimal("39.70"), "39.7"),
        (Decimal("100.0"), "100"),
        (Decimal("0.0"), "0"),
        (Decimal("1E+2"), "100"),
    ],
)
def test_numbers_in_prose_are_ungrouped_and_drop_trailing_zeros(
    value: int | Decimal, text: str
) -> None:
    assert plain_number(value) == text

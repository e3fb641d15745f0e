"""Numbers as the bureau's official documents write them in running text.

Reports and notices are read as prose, not tables, so they follow the house style of Chinese
official documents rather than the tables' thousands separators:

- Arabic digits, no grouping separators ("38126人次", never "38,126人次"); a year is its four
  digits ("2005年"). 《出版物上数字用法》(GB/T 15835-2011) allows either, and the bureau's
  documents write digits ungrouped.
- Trailing zeros after the decimal point are dropped ("68%", "39.7岁", not "68.0%").
- Money is never rounded in prose, because a report quotes what the records add up to:
    * under 10,000 yuan: yuan, with the fen only when there are any ("8500元", "8500.50元");
    * from 10,000 yuan: 万元 when the amount is a whole number of hundreds of yuan, i.e. has at
      most two decimals in 万 ("1248万元", "15.6万元"), else the exact yuan ("155710元",
      "155710.50元") — the article itself writes "155710元" and "1250万";
    * from 100,000,000 yuan: 亿元 under the same rule (at most two decimals in 亿), else 万元
      or yuan as above.
"""

from decimal import Decimal

TEN_THOUSAND = Decimal(10_000)
HUNDRED_MILLION = Decimal(100_000_000)
HUNDREDTH = Decimal("0.01")


def plain_number(value: int | Decimal) -> str:
    """Digits without grouping, and without trailing decimal zeros."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _in_unit(yuan: Decimal, unit: Decimal) -> str | None:
    """`yuan` in `unit`s when that needs at most two decimals (nothing rounded), else None."""
    scaled = yuan / unit
    if scaled.quantize(HUNDREDTH) != scaled:
        return None
    return plain_number(scaled)


def amount_in_prose(yuan: Decimal | int) -> str:
    """An amount of money in yuan, as running text of an official document (see the module)."""
    amount = Decimal(yuan)
    magnitude = abs(amount)
    if magnitude >= HUNDRED_MILLION:
        in_yi = _in_unit(amount, HUNDRED_MILLION)
        if in_yi is not None:
            return f"{in_yi}亿元"
    if magnitude >= TEN_THOUSAND:
        in_wan = _in_unit(amount, TEN_THOUSAND)
        if in_wan is not None:
            return f"{in_wan}万元"
    if amount == amount.to_integral_value():
        return f"{int(amount)}元"
    return f"{amount.quantize(HUNDREDTH)}元"

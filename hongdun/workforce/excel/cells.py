"""Columns of the Excel templates: django-import-export fields and widgets with Hongdun's rules.

Each template is a django-import-export ``ModelResource`` whose fields are :class:`Column`s. The
widgets below parse what Excel, WPS and LibreOffice actually put in cells (real dates, serial
numbers, text dates, numbers typed as text) and refuse bad values with a :class:`CellError` whose
message and fix are translated and name no Python types. The same widgets serve the standard
``Resource.import_data`` and Hongdun's bulk path (``engine.py``), which only adds lookups that are
resolved once per file instead of once per row.
"""

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from import_export import fields, widgets
from openpyxl.utils.datetime import from_excel

# Characters Excel cannot store and that never belong in a record (control characters).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEXT_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
MONTH_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


# A message given at import time: a lazy translation until it is shown.
Text = str | Promise


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of the model (templates never name reverse relations)."""
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return found


class CellError(ValueError):
    """A cell's value cannot be used; `message` says why and `fix` what to enter instead."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any, limit: int = 60) -> str:
    """The cell value as the user would recognise it in an error message."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        text = value.date().isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = CONTROL_CHARS.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TextWidget(widgets.CharWidget):
    """Trimmed text of at most `max_length` characters; whole numbers lose Excel's ".0"."""

    def __init__(self, max_length: int = 200, digits_only: bool = False):
        super().__init__(coerce_to_string=False, allow_blank=True)
        self.max_length = max_length
        self.digits_only = digits_only

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime | dt.date):
            raise CellError(
                _("这里应填写文字，不是日期。"), _("请把单元格设为文本格式后重新填写。")
            )
        text = " ".join(str(value).split())
        if CONTROL_CHARS.search(text):
            raise CellError(_("含有不可见的控制字符。"), _("请删除该单元格内容后重新输入。"))
        if len(text) > self.max_length:
            raise CellError(
                _("内容过长（%(n)d 个字），最多 %(max)d 个字。")
                % {"n": len(text), "max": self.max_length},
                _("请缩短到 %(max)d 个字以内。") % {"max": self.max_length},
            )
        return text

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None else value


class DateCellWidget(widgets.DateWidget):
    """A calendar date: an Excel date, an Excel serial number, or text like 2008-03-01, 2008/3/1,
    2008.3.1 or 2008年3月1日."""

    def __init__(self, month_only: bool = False):
        super().__init__(coerce_to_string=False)
        self.month_only = month_only

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        if is_blank(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A date cell whose number format was lost (common after copy-paste in WPS).
            if 1 <= value < 80_000:
                converted = from_excel(value)
                if isinstance(converted, dt.datetime):
                    return converted.date()
            raise self._error(value)
        text = str(value)
        match = TEXT_DATE.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError as error:
                raise CellError(
                    _("“%(value)s”不是存在的日期。") % {"value": shown(value)},
                    _("请核对年、月、日（格式如 2008-03-01）；2 月 29 日只在闰年存在。"),
                ) from error
        match = MONTH_DATE.match(text) if self.month_only else None
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), 1)
            except ValueError:
                raise self._error(value) from None
        raise self._error(value)

    def _error(self, value: Any) -> CellError:
        return CellError(
            _("“%(value)s”不是日期。") % {"value": shown(value)},
            _("请填写为 2008-03-01 这样的日期（年-月-日），或把单元格设为日期格式。"),
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class DecimalCellWidget(widgets.DecimalWidget):
    """A number with at most `places` decimals, not below `minimum` (amounts, hours, scores)."""

    def __init__(
        self,
        places: int = 2,
        minimum: Decimal | None = Decimal(0),
        maximum: Decimal | None = None,
    ):
        super().__init__(coerce_to_string=False)
        self.places = places
        self.minimum = minimum
        self.maximum = maximum

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        if is_blank(value):
            return None
        if isinstance(value, bool | dt.date):
            raise self._error(value)
        text = str(value).strip().replace(",", "").replace("，", "")
        text = text.removesuffix("元").removesuffix("分").removesuffix("学时").strip()
        try:
            number = Decimal(text) if not isinstance(value, float) else Decimal(repr(value))
        except InvalidOperation:
            raise self._error(value) from None
        if not number.is_finite():
            raise self._error(value)
        quantum = Decimal(1).scaleb(-self.places)
        if number != number.quantize(quantum):
            # Floats from Excel such as 3.3000000000000003 are rounding noise, not extra precision.
            if isinstance(value, float) and abs(number - number.quantize(quantum)) < Decimal(
                "1e-9"
            ):
                number = number.quantize(quantum)
            else:
                raise CellError(
                    _("“%(value)s”的小数位数过多。") % {"value": shown(value)},
                    _("请最多保留 %(places)d 位小数。") % {"places": self.places},
                )
        if self.minimum is not None and number < self.minimum:
            raise CellError(
                _("“%(value)s”小于允许的最小值 %(min)s。")
                % {"value": shown(value), "min": self.minimum},
                _("请填写不小于 %(min)s 的数。") % {"min": self.minimum},
            )
        if self.maximum is not None and number > self.maximum:
            raise CellError(
                _("“%(value)s”大于允许的最大值 %(max)s。")
                % {"value": shown(value), "max": self.maximum},
                _("请填写不大于 %(max)s 的数。") % {"max": self.maximum},
            )
        return number.quantize(quantum)

    def _error(self, value: Any) -> CellError:
        return CellError(
            _("“%(value)s”不是数字。") % {"value": shown(value)},
            _("请只填写数字，例如 12.5，不要带单位或文字。"),
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class IntegerCellWidget(widgets.IntegerWidget):
    """A whole number within [minimum, maximum]."""

    def __init__(self, minimum: int | None = 0, maximum: int | None = None):
        super().__init__(coerce_to_string=False)
        self.minimum = minimum
        self.maximum = maximum

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        if is_blank(value):
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value)
        ):
            number = int(value)
        if number is None:
            raise CellError(
                _("“%(value)s”不是整数。") % {"value": shown(value)},
                _("请填写不带小数和文字的整数，例如 3。"),
            )
        if self.minimum is not None and number < self.minimum:
            raise CellError(
                _("“%(value)s”小于允许的最小值 %(min)s。")
                % {"value": shown(value), "min": self.minimum},
                _("请填写不小于 %(min)s 的整数。") % {"min": self.minimum},
            )
        if self.maximum is not None and number > self.maximum:
            raise CellError(
                _("“%(value)s”大于允许的最大值 %(max)s。")
                % {"value": shown(value), "max": self.maximum},
                _("请填写不大于 %(max)s 的整数。") % {"max": self.maximum},
            )
        return number

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class ChoiceWidget(widgets.Widget):
    """One of a model field's choices, entered by its Chinese label (or its stored code)."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]):
        super().__init__(coerce_to_string=False)
        # The file holds the Chinese labels whatever the user's language (the msgids are Chinese).
        with translation.override(None):
            self.choices = [(value, str(label)) for value, label in choices]

    def labels(self) -> list[str]:
        return [label for _value, label in self.choices]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if is_blank(value):
            return None
        text = " ".join(str(value).split())
        for stored, label in self.choices:
            if text in (label, str(stored)):
                return stored
        raise CellError(
            _("“%(value)s”不是可选的值。") % {"value": shown(value)},
            _("请从下拉列表中选择：%(options)s。") % {"options": "、".join(self.labels())},
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        for stored, label in self.choices:
            if stored == value:
                return label
        return value or ""


class YesNoWidget(widgets.BooleanWidget):
    """是/否 (also accepts Y/N, TRUE/FALSE, 1/0, √ and ×)."""

    TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "t"})
    FALSE = frozenset({"否", "n", "no", "false", "0", "×", "x", "f"})

    def __init__(self) -> None:
        super().__init__(coerce_to_string=False)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if isinstance(value, int | float):
            text = str(int(value)) if float(value).is_integer() else text
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise CellError(
            _("“%(value)s”不是“是”或“否”。") % {"value": shown(value)},
            _("请填写“是”或“否”。"),
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if value is None:
            return ""
        # Cell values stay Chinese in every UI language, so files move between users.
        return "是" if value else "否"


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record named by one of its fields (a unit's name or code, a person's number…).

    ``clean`` queries per row, as django-import-export does; the bulk path calls :meth:`prefetch`
    with all of a file's values first, after which lookups come from memory. Every value a user
    may type (``lookup_fields``) finds the record; ``field`` is what export writes. Subclasses
    whose record is named by several columns override :meth:`lookup_key` and :meth:`fetch`.
    """

    def __init__(
        self,
        model: type[models.Model],
        field: str,
        *,
        lookup_fields: tuple[str, ...] = (),
        noun: Text = "",
        fix: Text = "",
        select_related: tuple[str, ...] = (),
    ):
        super().__init__(model, field=field, coerce_to_string=False)
        self.lookup_fields = lookup_fields or (field,)
        self.noun = noun
        self.fix = fix
        self.select_related = select_related
        self._cache: dict[Any, list[Any]] | None = None

    @staticmethod
    def key_of(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def lookup_key(self, value: Any, row: Any) -> Any:
        return self.key_of(value)

    def describe(self, value: Any, row: Any) -> str:
        return shown(value)

    def queryset(self) -> models.QuerySet[Any]:
        qs = self.model._default_manager.all()
        return qs.select_related(*self.select_related) if self.select_related else qs

    def fetch(self, keys: set[Any]) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = {}
        ordered = sorted(keys, key=str)
        for name in self.lookup_fields:
            for start in range(0, len(ordered), 500):
                part = ordered[start : start + 500]
                for obj in self.queryset().filter(**{f"{name}__in": part}):
                    bucket = found.setdefault(self.key_of(getattr(obj, name)), [])
                    if all(o.pk != obj.pk for o in bucket):
                        bucket.append(obj)
        return found

    def prefetch(self, values: Iterable[Any], rows: Iterable[Any]) -> None:
        keys = set()
        for value, row in zip(values, rows, strict=True):
            if not is_blank(value):
                try:
                    keys.add(self.lookup_key(value, row))
                except CellError:
                    continue  # reported when the row is cleaned
        self._cache = self.fetch(keys)

    def forget(self) -> None:
        self._cache = None

    def prefetched(self) -> list[Any]:
        """The records found by the last prefetch (none before one)."""
        if self._cache is None:
            return []
        return [obj for bucket in self._cache.values() for obj in bucket]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if is_blank(value):
            return None
        key = self.lookup_key(value, row)
        if self._cache is not None:
            found = self._cache.get(key, [])
        else:
            found = self.fetch({key}).get(key, [])
        if not found:
            raise CellError(
                _("找不到%(noun)s“%(value)s”。")
                % {"noun": self.noun, "value": self.describe(value, row)},
                str(self.fix),
            )
        if len(found) > 1:
            raise CellError(
                _("有多个%(noun)s都是“%(value)s”。")
                % {"noun": self.noun, "value": self.describe(value, row)},
                str(self.fix),
            )
        return found[0]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if value is None:
            return ""
        return getattr(value, self.field, "")


class Column(fields.Field):
    """A template column: the Resource field plus what the instructions sheet and checks need."""

    def __init__(
        self,
        attribute: str,
        column_name: str,
        widget: widgets.Widget,
        *,
        required: bool = False,
        help_text: Text = "",
        example: Any = None,
        personal: bool = False,
        width: int = 14,
        readonly: bool = False,
    ):
        super().__init__(
            attribute=attribute,
            column_name=column_name,
            widget=widget,
            readonly=readonly,
        )
        self.required = required
        self.help_text = help_text
        self.example = example
        self.personal = personal
        self.width = width

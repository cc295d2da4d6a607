"""One user's configuration of a pattern: raw strings in, typed and bounded values out.

`resolve_params(spec, raw)` is the single gate every input passes through (the web form,
a permalink's query string, the JSON API, `--set name=value` on the command line), so all
of them validate alike. It either returns `Params` with every parameter set (defaults
filled in) or raises `ParamsError` with one message per offending field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from explorer.domain.content.schema import Parameter, ParameterType, ParameterValue, PatternSpec
from explorer.domain.schedules import ScheduleError, parse_schedule

# Longest text accepted for any number; stops a 10 kB "number" before any parsing.
MAX_NUMBER_LENGTH = 40
TRUE_WORDS = frozenset({"true", "on", "1", "yes"})
FALSE_WORDS = frozenset({"false", "off", "0", "no"})
INTEGER_RE = re.compile(r"^[+-]?\d+$")
# Numbers may be typed with thousands separators as the panel shows them: "1,000,000".
GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


class ParamsError(ValueError):
    """Input that does not fit a pattern's parameters; `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass(frozen=True)
class Params:
    """Every parameter of one pattern with a typed, validated value."""

    spec: PatternSpec
    values: Mapping[str, ParameterValue]

    def __getitem__(self, name: str) -> ParameterValue:
        return self.values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def changed(self) -> dict[str, ParameterValue]:
        """The values that differ from the pattern's defaults."""
        defaults = self.spec.defaults
        return {name: value for name, value in self.values.items() if value != defaults[name]}

    def query_string(self, prefix: str = "") -> str:
        """A permalink's query string: only what differs from the defaults, in spec order,
        each name after `prefix` ("a." for side A of a comparison)."""
        return urlencode([(prefix + name, format_value(value)) for name, value in self.changed().items()])


def describe_value(parameter: Parameter, value: ParameterValue, *, unit: bool = True) -> str:
    """A value as a person reads it: on/off, a choice's label, a grouped number with its unit."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if parameter.choices:
        return parameter.choice_label(str(value))
    if isinstance(value, int | Decimal):
        text = format_grouped(value)
        return f"{text} {parameter.unit}" if unit and parameter.unit else text
    return str(value)


def format_value(value: ParameterValue) -> str:
    """A value as a user would type it back in (bools as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_grouped(value: ParameterValue) -> str:
    """A value as a form box shows it: numbers with thousands separators ("1,000,000"),
    which `parse_value` reads back; anything else as `format_value` writes it."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    return format_value(value)


def resolve_params(spec: PatternSpec, raw: Mapping[str, str | Sequence[str]]) -> Params:
    """Validates raw input against `spec`'s parameters and fills in the defaults.

    `raw` maps names to a string or a list of strings (a QueryDict's lists). Unknown
    names, repeated names and values that do not fit are all reported together.
    """
    known = {parameter.name: parameter for parameter in spec.parameters}
    errors: dict[str, str] = {}
    values: dict[str, ParameterValue] = dict(spec.defaults)
    for name, given in raw.items():
        if name not in known:
            errors[name] = f"unknown parameter; {spec.title} takes: {', '.join(known)}"
            continue
        items = [given] if isinstance(given, str) else list(given)
        parameter = known[name]
        text = _single_value(parameter, items)
        if text is None:
            errors[name] = "given more than once; give each parameter once"
            continue
        try:
            values[name] = parse_value(parameter, text)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise ParamsError(errors)
    return Params(spec=spec, values=values)


def _single_value(parameter: Parameter, items: list[str]) -> str | None:
    if len(items) == 1:
        return items[0]
    # An HTML checkbox is preceded by a hidden "false" twin, so a ticked box sends both.
    if parameter.type is ParameterType.BOOL and items == ["false", "true"]:
        return "true"
    return None


def parse_value(parameter: Parameter, text: str) -> ParameterValue:
    """One raw string as the parameter's type, within its bounds; ValueError says why not."""
    text = text.strip()
    kind = parameter.type
    if kind is ParameterType.INT:
        return _bounded(parameter, _parse_int(parameter, text))
    if kind is ParameterType.DECIMAL:
        return _bounded(parameter, _parse_decimal(parameter, text))
    if kind is ParameterType.CHOICE:
        allowed = [choice.value for choice in parameter.choices]
        if text not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}; got {_shown(text)}")
        return text
    if kind is ParameterType.BOOL:
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"expected true or false; got {_shown(text)}")
    if kind is ParameterType.CRON:
        try:
            return parse_schedule(text).expression
        except ScheduleError as error:
            raise ValueError(str(error)) from None
    if parameter.max_length is not None and len(text) > parameter.max_length:
        raise ValueError(f"at most {parameter.max_length} characters; got {len(text)}")
    if parameter.pattern and not re.fullmatch(parameter.pattern, text):
        raise ValueError(f"{_shown(text)} does not match the allowed form {parameter.pattern}")
    return text


def _ungrouped(text: str) -> str:
    """ "1,000,000" as "1000000"; a misplaced comma ("1,00") is left for the parser to refuse."""
    return text.replace(",", "") if GROUPED_RE.match(text) else text


def _parse_int(parameter: Parameter, text: str) -> int:
    text = _ungrouped(text)
    if len(text) > MAX_NUMBER_LENGTH or not INTEGER_RE.match(text):
        raise ValueError(f"expected a whole number {_range(parameter)}; got {_shown(text)}")
    return int(text)


def _parse_decimal(parameter: Parameter, text: str) -> Decimal:
    text = _ungrouped(text)
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"expected a number {_range(parameter)}; got {_shown(text)}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"expected a number {_range(parameter)}; got {_shown(text)}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite number {_range(parameter)}; got {_shown(text)}")
    return number


def _bounded[N: (int, Decimal)](parameter: Parameter, number: N) -> N:
    if parameter.minimum is not None and number < parameter.minimum:
        raise ValueError(f"must be {_range(parameter)}; got {number}")
    if parameter.maximum is not None and number > parameter.maximum:
        raise ValueError(f"must be {_range(parameter)}; got {number}")
    return number


def _range(parameter: Parameter) -> str:
    unit = f" {parameter.unit}" if parameter.unit else ""
    return f"from {parameter.minimum:,} to {parameter.maximum:,}{unit}"


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")

"""Reading content files into validated specs.

`load_library(root)` reads `root/components/*.md` and `root/*.md` and returns a `Library`,
or raises `ContentError` naming the file, the field and what was expected. Nothing here
imports Django: the same code validates files on the command line, in the sync and in tests.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from explorer.domain.content.schema import (
    BestPractice,
    Characteristics,
    Choice,
    CodeExample,
    Comparison,
    ComponentCategory,
    ComponentSpec,
    ComponentUse,
    Condition,
    CostTip,
    EdgeKind,
    KeyFact,
    Level,
    Library,
    Limit,
    Parameter,
    ParameterType,
    ParameterValue,
    PatternSpec,
    PracticeCategory,
    SeedCost,
    SeedCostItem,
    SelfCheckQuestion,
    Topology,
    TopologyEdge,
    TopologyGroup,
    TopologyNode,
    UseCase,
    Variant,
)
from explorer.domain.schedules import ScheduleError, parse_schedule

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENTIFIER_RE = re.compile(r"^[a-z][a-z0-9_]*$")
NODE_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
CODE_LANGUAGES = ("python", "javascript", "json", "yaml", "bash", "text")
# Where a limit or a key figure may come from: AWS documentation and AWS's own pages (pricing).
FACT_SOURCE_PREFIXES = ("https://docs.aws.amazon.com/", "https://aws.amazon.com/")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


class ContentError(Exception):
    """A content file that does not match the schema; says where and what was expected."""

    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        self.message = message
        location = f"{source}: {field}" if field else source
        super().__init__(f"{location}: {message}")


class Fields:
    """One YAML mapping being read, remembering where it is for error messages.

    Every read consumes a key; `finish()` then refuses any key nobody asked for, so a typo
    in a field name is an error rather than silently ignored.
    """

    def __init__(self, data: object, source: str, path: str) -> None:
        if not isinstance(data, Mapping):
            raise ContentError(source, path, f"expected a mapping, got {_kind(data)}")
        self.data = data
        self.source = source
        self.path = path
        self.seen: set[str] = set()

    def where(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, message: str) -> ContentError:
        return ContentError(self.source, self.where(name), message)

    def raw(self, name: str, *, required: bool) -> object:
        self.seen.add(name)
        if name not in self.data or self.data[name] is None:
            if required:
                raise self.fail(name, "is required")
            return None
        return self.data[name]

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.raw(name, required=required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(name, f"expected text, got {_kind(value)}")
        text = str(value).strip()
        if required and not text:
            raise self.fail(name, "must not be empty")
        return text

    def slug(self, name: str, *, required: bool = True) -> str:
        value = self.text(name, required=required)
        if value and not SLUG_RE.match(value):
            raise self.fail(name, f"expected a slug of lower-case words joined by hyphens, got {value!r}")
        return value

    def integer(self, name: str, *, required: bool = True, default: int = 0) -> int:
        value = self.raw(name, required=required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"expected a whole number, got {value!r}")
        return value

    def iso_date(self, name: str) -> date:
        """A required calendar date written YYYY-MM-DD."""
        value = self.raw(name, required=True)
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and ISO_DATE_RE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(name, f"expected an ISO date (YYYY-MM-DD), got {value!r}")

    def boolean(self, name: str, *, default: bool = False) -> bool:
        value = self.raw(name, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(name, f"expected true or false, got {value!r}")
        return value

    def choice[E: StrEnum](self, name: str, enum: type[E], *, default: E | None = None) -> E:
        value = self.raw(name, required=default is None)
        if value is None and default is not None:
            return default
        if isinstance(value, str):
            try:
                return enum(value)
            except ValueError:
                pass
        allowed = ", ".join(member.value for member in enum)
        raise self.fail(name, f"expected one of {allowed}, got {value!r}")

    def strings(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        items = self.raw(name, required=required)
        if items is None:
            return ()
        if not isinstance(items, list):
            raise self.fail(name, f"expected a list of text, got {_kind(items)}")
        result = []
        for index, item in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
                raise self.fail(f"{name}[{index}]", f"expected text, got {item!r}")
            result.append(str(item).strip())
        if required and not result:
            raise self.fail(name, "must list at least one item")
        return tuple(result)

    def records[T](self, name: str, read: Callable[[Fields], T], *, required: bool = False) -> tuple[T, ...]:
        """Reads a list of mappings, each through `read`, which must consume its fields."""
        items = self.raw(name, required=required)
        if items is None:
            return ()
        if not isinstance(items, list):
            raise self.fail(name, f"expected a list, got {_kind(items)}")
        if required and not items:
            raise self.fail(name, "must list at least one item")
        result = []
        for index, item in enumerate(items):
            fields = Fields(item, self.source, self.where(f"{name}[{index}]"))
            result.append(read(fields))
            fields.finish()
        return tuple(result)

    def record[T](self, name: str, read: Callable[[Fields], T]) -> T | None:
        value = self.raw(name, required=False)
        if value is None:
            return None
        fields = Fields(value, self.source, self.where(name))
        result = read(fields)
        fields.finish()
        return result

    def finish(self) -> None:
        unknown = sorted(str(key) for key in self.data if key not in self.seen)
        if unknown:
            expected = ", ".join(sorted(self.seen))
            raise ContentError(
                self.source,
                self.where(unknown[0]),
                f"unknown field; expected one of: {expected}",
            )


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


# --- files ---------------------------------------------------------------------------


class _ContentLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: a date is checked where it is read, with its field.

    PyYAML would otherwise turn `2026-12-02` into a date itself and fail on `2026-13-01` with
    an error that names no field.
    """


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """Splits a content file into its YAML front matter (a mapping) and Markdown body."""
    match = FRONT_MATTER_RE.match(text.lstrip("\ufeff"))
    if not match:
        raise ContentError(source, "", "expected YAML front matter between two '---' lines at the top")
    try:
        data = yaml.load(match.group(1), Loader=_ContentLoader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark is not None else "front matter"
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(source, where, f"invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise ContentError(source, "", f"front matter must be a mapping, got {_kind(data)}")
    return data, match.group(2).strip()


def read_file(path: Path, source: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(source, "", "is not valid UTF-8 text") from None
    except OSError as error:
        raise ContentError(source, "", f"cannot be read: {error.strerror}") from None


def load_library(root: Path) -> Library:
    """Reads and validates every component and pattern file under `root`."""
    if not root.is_dir():
        raise ContentError(str(root), "", "content folder not found")
    components = {}
    for path in sorted((root / "components").glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        source = _display_path(root, path)
        slug = _slug_from_path(path, source)
        front_matter, body = split_front_matter(read_file(path, source), source)
        components[slug] = parse_component(front_matter, body, slug=slug, source=source)
    patterns = {}
    for path in sorted(root.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        source = _display_path(root, path)
        slug = _slug_from_path(path, source)
        front_matter, body = split_front_matter(read_file(path, source), source)
        patterns[slug] = parse_pattern(
            front_matter, body, slug=slug, source=source, component_slugs=set(components)
        )
    _check_library(patterns)
    return Library(components=components, patterns=patterns)


def _display_path(root: Path, path: Path) -> str:
    return f"{root.name}/{path.relative_to(root).as_posix()}"


def _slug_from_path(path: Path, source: str) -> str:
    slug = path.stem
    if not SLUG_RE.match(slug):
        raise ContentError(source, "", "file name must be a slug of lower-case words joined by hyphens")
    return slug


def _check_library(patterns: dict[str, PatternSpec]) -> None:
    orders: dict[int, str] = {}
    for spec in patterns.values():
        if spec.order in orders:
            raise ContentError(spec.source, "order", f"{spec.order} is already used by {orders[spec.order]}")
        orders[spec.order] = spec.slug
        for index, related in enumerate(spec.related):
            if related not in patterns:
                raise ContentError(spec.source, f"related[{index}]", f"unknown pattern {related!r}")
            if related == spec.slug:
                raise ContentError(spec.source, f"related[{index}]", "a pattern cannot be related to itself")


# --- components ----------------------------------------------------------------------


def parse_component(front_matter: Mapping[str, Any], body: str, *, slug: str, source: str) -> ComponentSpec:
    fields = Fields(front_matter, source, "")
    name = fields.text("name")
    component = ComponentSpec(
        slug=slug,
        name=name,
        short_name=fields.text("short_name", required=False, default=name),
        category=fields.choice("category", ComponentCategory),
        summary=fields.text("summary"),
        docs_url=_url(fields, "docs_url", required=True),
        limits=fields.records("limits", _read_limit),
        body=body,
        source=source,
    )
    fields.finish()
    return component


def _read_limit(fields: Fields) -> Limit:
    return Limit(
        name=fields.text("name"),
        value=fields.text("value"),
        explanation=fields.text("explanation"),
        adjustable=fields.boolean("adjustable"),
        source=_fact_source(fields),
        checked=fields.iso_date("checked"),
    )


def _fact_source(fields: Fields) -> str:
    """The AWS page a limit or key figure comes from, so that a reader can check it."""
    value = _url(fields, "source", required=True)
    if not value.startswith(FACT_SOURCE_PREFIXES):
        allowed = " or ".join(f"{prefix}..." for prefix in FACT_SOURCE_PREFIXES)
        raise fields.fail(
            "source", f"expected an AWS documentation or pricing page ({allowed}), got {value!r}"
        )
    return value


def _url(fields: Fields, name: str, *, required: bool) -> str:
    value = fields.text(name, required=required)
    if value and not value.startswith("https://"):
        raise fields.fail(name, f"expected an https:// address, got {value!r}")
    return value


# --- patterns ------------------------------------------------------------------------


def parse_pattern(
    front_matter: Mapping[str, Any],
    body: str,
    *,
    slug: str,
    source: str,
    component_slugs: Iterable[str] | None = None,
) -> PatternSpec:
    """Builds a PatternSpec from one file's front matter and body.

    With `component_slugs`, every component reference must name one of them; without,
    references are taken as they are (the database rebuilds specs it validated before).
    """
    fields = Fields(front_matter, source, "")
    known = set(component_slugs) if component_slugs is not None else None

    title = fields.text("title")
    order = fields.integer("order")
    level = fields.choice("level", Level)
    summary = fields.text("summary")
    use_cases = fields.records("use_cases", _read_use_case, required=True)
    components = fields.records("components", lambda f: _read_component_use(f, known), required=True)
    used = [use.component for use in components]
    _refuse_duplicates(fields, "components", used, "component")
    used_set = set(used)

    parameters = fields.records("parameters", _read_parameter, required=True)
    _refuse_duplicates(fields, "parameters", [parameter.name for parameter in parameters], "name")
    by_name = {parameter.name: parameter for parameter in parameters}

    variants = fields.records("variants", lambda f: _read_variant(f, by_name))
    _refuse_duplicates(fields, "variants", [variant.slug for variant in variants], "slug")
    variant_slugs = {variant.slug for variant in variants}
    examples = fields.records("code_examples", lambda f: _read_code_example(f, variant_slugs))
    _refuse_duplicates(fields, "code_examples", [example.slug for example in examples], "slug")

    spec = PatternSpec(
        slug=slug,
        title=title,
        order=order,
        level=level,
        summary=summary,
        use_cases=use_cases,
        components=components,
        key_facts=fields.records("key_facts", lambda f: _read_key_fact(f, used_set)),
        best_practices=fields.records("best_practices", lambda f: _read_practice(f, used_set), required=True),
        cost_tips=fields.records("cost_tips", _read_cost_tip),
        variants=variants,
        code_examples=examples,
        comparisons=fields.records("comparisons", _read_comparison),
        seed_cost=fields.record("seed_cost", lambda f: _read_seed_cost(f, by_name)),
        characteristics=fields.record("characteristics", _read_characteristics),
        related=fields.strings("related"),
        takeaways=fields.strings("takeaways"),
        self_check=fields.records("self_check", _read_question),
        parameters=parameters,
        topology=_read_topology(fields, used_set, by_name),
        body=body,
        source=source,
    )
    fields.finish()
    return spec


def _refuse_duplicates(fields: Fields, name: str, values: list[str], key: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise fields.fail(f"{name}[{index}].{key}", f"{value!r} appears twice")
        seen.add(value)


def _read_use_case(fields: Fields) -> UseCase:
    return UseCase(name=fields.text("name"), description=fields.text("description", required=False))


def _read_component_use(fields: Fields, known: set[str] | None) -> ComponentUse:
    component = fields.slug("component")
    if known is not None and component not in known:
        raise fields.fail(
            "component", f"unknown component {component!r}; expected a file components/{component}.md"
        )
    return ComponentUse(component=component, role=fields.text("role"), optional=fields.boolean("optional"))


def _pattern_component(fields: Fields, name: str, used: set[str], *, required: bool = False) -> str:
    component = fields.slug(name, required=required)
    if component and component not in used:
        listed = ", ".join(sorted(used))
        raise fields.fail(name, f"{component!r} is not one of this pattern's components ({listed})")
    return component


def _read_key_fact(fields: Fields, used: set[str]) -> KeyFact:
    return KeyFact(
        label=fields.text("label"),
        value=fields.text("value"),
        explanation=fields.text("explanation"),
        source=_fact_source(fields),
        checked=fields.iso_date("checked"),
        component=_pattern_component(fields, "component", used),
    )


def _read_practice(fields: Fields, used: set[str]) -> BestPractice:
    return BestPractice(
        title=fields.text("title"),
        category=fields.choice("category", PracticeCategory),
        component=_pattern_component(fields, "component", used),
        how=fields.text("how"),
        why=fields.text("why"),
        limit=fields.text("limit", required=False),
    )


def _read_cost_tip(fields: Fields) -> CostTip:
    return CostTip(title=fields.text("title"), detail=fields.text("detail"))


def _read_variant(fields: Fields, parameters: dict[str, Parameter]) -> Variant:
    slug = fields.slug("slug")
    title = fields.text("title")
    summary = fields.text("summary")
    parameter_name = fields.text("parameter")
    if parameter_name not in parameters:
        raise fields.fail("parameter", f"unknown parameter {parameter_name!r}")
    parameter = parameters[parameter_name]
    value = _condition_value(fields, "value", parameter, fields.raw("value", required=True))
    return Variant(
        slug=slug,
        title=title,
        summary=summary,
        parameter=parameter_name,
        value=value,
        description=fields.text("description", required=False),
    )


def _read_code_example(fields: Fields, variants: set[str]) -> CodeExample:
    slug = fields.slug("slug")
    title = fields.text("title")
    language = fields.text("language")
    if language not in CODE_LANGUAGES:
        raise fields.fail("language", f"expected one of {', '.join(CODE_LANGUAGES)}, got {language!r}")
    variant = fields.slug("variant", required=False)
    if variant and variant not in variants:
        raise fields.fail("variant", f"unknown variant {variant!r}")
    code = fields.raw("code", required=True)
    if not isinstance(code, str) or not code.strip():
        raise fields.fail("code", "expected the code as text (use a | block)")
    return CodeExample(
        slug=slug,
        title=title,
        language=language,
        caption=fields.text("caption"),
        code=code.rstrip() + "\n",
        variant=variant,
    )


def _read_comparison(fields: Fields) -> Comparison:
    title = fields.text("title")
    columns = fields.strings("columns", required=True)
    if len(columns) < 2:
        raise fields.fail("columns", "a comparison needs at least two columns")
    rows_raw = fields.raw("rows", required=True)
    if not isinstance(rows_raw, list) or not rows_raw:
        raise fields.fail("rows", "expected a list of rows, each a list of cells")
    rows = []
    for index, row in enumerate(rows_raw):
        if not isinstance(row, list) or len(row) != len(columns):
            raise fields.fail(f"rows[{index}]", f"expected a list of {len(columns)} cells, one per column")
        rows.append(tuple(_cell(fields, index, cell) for cell in row))
    return Comparison(
        title=title, columns=columns, rows=tuple(rows), caption=fields.text("caption", required=False)
    )


def _cell(fields: Fields, index: int, cell: object) -> str:
    if isinstance(cell, bool) or not isinstance(cell, str | int | float):
        raise fields.fail(f"rows[{index}]", f"expected text in every cell, got {cell!r}")
    return str(cell)


def _read_seed_cost(fields: Fields, parameters: dict[str, Parameter]) -> SeedCost:
    raw = fields.raw("parameters", required=False) or {}
    if not isinstance(raw, dict):
        raise fields.fail("parameters", f"expected a mapping of parameter names to values, got {_kind(raw)}")
    values = []
    for name, value in raw.items():
        if name not in parameters:
            raise fields.fail(f"parameters.{name}", f"unknown parameter {name!r}")
        values.append((str(name), _condition_value(fields, f"parameters.{name}", parameters[name], value)))
    return SeedCost(
        scenario=fields.text("scenario"),
        items=fields.records(
            "items",
            lambda f: SeedCostItem(
                service=f.text("service"),
                monthly=f.text("monthly"),
                services=f.strings("services"),
                why=f.text("why", required=False),
            ),
            required=True,
        ),
        total=fields.text("total"),
        notes=fields.text("notes", required=False),
        parameters=tuple(values),
    )


def _read_characteristics(fields: Fields) -> Characteristics:
    return Characteristics(**{name: fields.text(name) for name in Characteristics.LABELS})


def _read_question(fields: Fields) -> SelfCheckQuestion:
    question = fields.text("question")
    options = fields.strings("options", required=True)
    if len(options) < 2:
        raise fields.fail("options", "a question needs at least two options")
    correct = fields.integer("correct")
    if not 0 <= correct < len(options):
        raise fields.fail("correct", f"expected an index from 0 to {len(options) - 1}, got {correct}")
    return SelfCheckQuestion(
        question=question, options=options, correct=correct, explanation=fields.text("explanation")
    )


# --- parameters ----------------------------------------------------------------------


def _read_stops(
    fields: Fields,
    number: Callable[[Fields, str, object], int | Decimal],
    minimum: int | Decimal,
    maximum: int | Decimal,
) -> tuple[int | Decimal, ...]:
    """A slider's stops (`stops: [128, 256, ...]`): at least two, rising, within min and max."""
    raw = fields.raw("stops", required=False)
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) < 2:
        raise fields.fail("stops", f"expected a list of at least two numbers, got {raw!r}")
    stops = tuple(number(fields, "stops", item) for item in raw)
    if any(later <= earlier for earlier, later in itertools.pairwise(stops)):
        raise fields.fail("stops", "expected numbers that rise from one to the next")
    if stops[0] < minimum or stops[-1] > maximum:
        raise fields.fail("stops", f"expected numbers within min {minimum} and max {maximum}")
    return stops


def _read_parameter(fields: Fields) -> Parameter:
    name = fields.text("name")
    if not IDENTIFIER_RE.match(name):
        raise fields.fail("name", f"expected a snake_case identifier, got {name!r}")
    kind = fields.choice("type", ParameterType)
    label = fields.text("label")
    help_text = fields.text("help")
    unit = fields.text("unit", required=False)
    group = fields.text("group", required=False)
    raw_default = fields.raw("default", required=True)
    parameter = functools.partial(
        Parameter, name=name, label=label, type=kind, help=help_text, unit=unit, group=group
    )

    if kind in (ParameterType.INT, ParameterType.DECIMAL):
        number = _integer_value if kind is ParameterType.INT else _decimal_value
        minimum = number(fields, "min", fields.raw("min", required=True))
        maximum = number(fields, "max", fields.raw("max", required=True))
        step_raw = fields.raw("step", required=False)
        step = number(fields, "step", step_raw) if step_raw is not None else None
        if minimum > maximum:
            raise fields.fail("min", f"{minimum} is above max {maximum}")
        if step is not None and step <= 0:
            raise fields.fail("step", "must be above zero")
        default_number = number(fields, "default", raw_default)
        if not minimum <= default_number <= maximum:
            raise fields.fail("default", f"{default_number} lies outside min {minimum} and max {maximum}")
        stops = _read_stops(fields, number, minimum, maximum)
        return parameter(default=default_number, minimum=minimum, maximum=maximum, step=step, stops=stops)

    if kind is ParameterType.CHOICE:
        choices = fields.records("choices", _read_choice, required=True)
        values = [choice.value for choice in choices]
        _refuse_duplicates(fields, "choices", values, "value")
        default = _scalar_text(raw_default)
        if default not in values:
            raise fields.fail(
                "default", f"expected one of the choices ({', '.join(values)}), got {raw_default!r}"
            )
        return parameter(default=default, choices=choices)

    if kind is ParameterType.BOOL:
        if not isinstance(raw_default, bool):
            raise fields.fail("default", f"expected true or false, got {raw_default!r}")
        return parameter(default=raw_default)

    if kind is ParameterType.CRON:
        default = _scalar_text(raw_default)
        try:
            parse_schedule(default)
        except ScheduleError as error:
            raise fields.fail("default", str(error)) from None
        return parameter(default=default)

    max_length = fields.integer("max_length")
    if max_length < 1:
        raise fields.fail("max_length", "must be at least 1")
    pattern = fields.text("pattern", required=False)
    if pattern:
        try:
            re.compile(pattern)
        except re.error as error:
            raise fields.fail("pattern", f"not a valid regular expression: {error}") from None
    default = "" if raw_default is None else _scalar_text(raw_default)
    if len(default) > max_length:
        raise fields.fail("default", f"is longer than max_length {max_length}")
    if pattern and not re.fullmatch(pattern, default):
        raise fields.fail("default", f"{default!r} does not match pattern {pattern!r}")
    return parameter(default=default, max_length=max_length, pattern=pattern)


def _read_choice(fields: Fields) -> Choice:
    value = _scalar_text(fields.raw("value", required=True))
    return Choice(value=value, label=fields.text("label"))


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _integer_value(fields: Fields, name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fields.fail(name, f"expected a whole number, got {value!r}")
    return value


def _decimal_value(fields: Fields, name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise fields.fail(name, f"expected a number, got {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise fields.fail(name, f"expected a number, got {value!r}") from None
    if not number.is_finite():
        raise fields.fail(name, f"expected a finite number, got {value!r}")
    return number


def _condition_value(fields: Fields, name: str, parameter: Parameter, value: object) -> ParameterValue:
    """Checks that `value` is one a parameter can take, and returns it typed."""
    kind = parameter.type
    if kind is ParameterType.BOOL:
        if not isinstance(value, bool):
            raise fields.fail(name, f"{parameter.name} is on or off: expected true or false, got {value!r}")
        return value
    if kind is ParameterType.CHOICE:
        text = _scalar_text(value)
        allowed = [choice.value for choice in parameter.choices]
        if text not in allowed:
            raise fields.fail(
                name, f"expected one of {parameter.name}'s choices ({', '.join(allowed)}), got {value!r}"
            )
        return text
    if kind is ParameterType.INT:
        return _integer_value(fields, name, value)
    if kind is ParameterType.DECIMAL:
        return _decimal_value(fields, name, value)
    return _scalar_text(value)


# --- topology ------------------------------------------------------------------------


def _read_topology(fields: Fields, used: set[str], parameters: dict[str, Parameter]) -> Topology:
    def read(topology: Fields) -> Topology:
        groups = topology.records("groups", lambda f: _read_group(f, parameters))
        group_ids = [group.id for group in groups]
        _refuse_duplicates(topology, "groups", group_ids, "id")
        nodes = topology.records(
            "nodes", lambda f: _read_node(f, used, set(group_ids), parameters), required=True
        )
        node_ids = [node.id for node in nodes]
        _refuse_duplicates(topology, "nodes", node_ids, "id")
        edges = topology.records("edges", lambda f: _read_edge(f, set(node_ids), parameters), required=True)
        return Topology(nodes=nodes, edges=edges, groups=groups)

    topology = fields.record("topology", read)
    if topology is None:
        raise fields.fail("topology", "is required")
    return topology


def _read_condition(fields: Fields, parameters: dict[str, Parameter]) -> Condition:
    raw = fields.raw("when", required=False)
    if raw is None:
        return Condition()
    if not isinstance(raw, Mapping) or not raw:
        raise fields.fail("when", "expected a mapping of parameter names to values")
    requirements = []
    for name, allowed in raw.items():
        where = f"when.{name}"
        if name not in parameters:
            raise fields.fail(where, f"unknown parameter {name!r}")
        values = allowed if isinstance(allowed, list) else [allowed]
        if not values:
            raise fields.fail(where, "expected a value or a list of values")
        typed = tuple(_condition_value(fields, where, parameters[name], value) for value in values)
        requirements.append((str(name), typed))
    return Condition(requirements=tuple(requirements))


def _node_id(fields: Fields, name: str) -> str:
    value = fields.text(name)
    if not NODE_ID_RE.match(value):
        raise fields.fail(name, f"expected an id of letters, digits, '-' or '_', got {value!r}")
    return value


def _read_group(fields: Fields, parameters: dict[str, Parameter]) -> TopologyGroup:
    return TopologyGroup(
        id=_node_id(fields, "id"), label=fields.text("label"), when=_read_condition(fields, parameters)
    )


def _read_node(
    fields: Fields, used: set[str], groups: set[str], parameters: dict[str, Parameter]
) -> TopologyNode:
    node_id = _node_id(fields, "id")
    label = fields.text("label")
    actor = fields.boolean("actor")
    component = _pattern_component(fields, "component", used)
    if actor and component:
        raise fields.fail("actor", "a node is either an actor or a component, not both")
    if not actor and not component:
        raise fields.fail("component", "is required unless the node is an actor (actor: true)")
    group = fields.text("group", required=False)
    if group and group not in groups:
        raise fields.fail("group", f"unknown group {group!r}")
    return TopologyNode(
        id=node_id,
        label=label,
        component=component,
        actor=actor,
        group=group,
        role=fields.text("role", required=False),
        when=_read_condition(fields, parameters),
    )


def _read_edge(fields: Fields, nodes: set[str], parameters: dict[str, Parameter]) -> TopologyEdge:
    ends = {}
    for end in ("from", "to"):
        node_id = fields.text(end)
        if node_id not in nodes:
            raise fields.fail(end, f"unknown node {node_id!r}")
        ends[end] = node_id
    return TopologyEdge(
        source=ends["from"],
        target=ends["to"],
        label=fields.text("label", required=False),
        kind=fields.choice("kind", EdgeKind, default=EdgeKind.FLOW),
        when=_read_condition(fields, parameters),
    )

"""The typed shape of a pattern library: what a content file means once it is validated.

Everything here is a frozen dataclass built by `explorer.domain.content.parse`; diagrams, pricing,
snippets and the database sync all read these objects, never the raw YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

type ParameterValue = int | Decimal | str | bool


class ComponentCategory(StrEnum):
    COMPUTE = "compute"
    STORAGE = "storage"
    MESSAGING = "messaging"
    NETWORKING = "networking"
    OBSERVABILITY = "observability"
    SECURITY = "security"


class PracticeCategory(StrEnum):
    RELIABILITY = "reliability"
    SECURITY = "security"
    COST = "cost"
    PERFORMANCE = "performance"
    OPERATIONS = "operations"


class Level(StrEnum):
    INTRODUCTORY = "introductory"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class ParameterType(StrEnum):
    INT = "int"
    DECIMAL = "decimal"
    CHOICE = "choice"
    BOOL = "bool"
    CRON = "cron"
    STRING = "string"


class EdgeKind(StrEnum):
    FLOW = "flow"
    FAILURE = "failure"
    COMPENSATION = "compensation"
    RETRY = "retry"


@dataclass(frozen=True)
class Limit:
    """One AWS limit of a component, with the AWS page it comes from and when it was checked."""

    name: str
    value: str
    explanation: str
    source: str
    checked: date
    adjustable: bool = False


@dataclass(frozen=True)
class ComponentSpec:
    slug: str
    name: str
    short_name: str
    category: ComponentCategory
    summary: str
    docs_url: str
    limits: tuple[Limit, ...]
    body: str
    source: str


@dataclass(frozen=True)
class UseCase:
    name: str
    description: str = ""


@dataclass(frozen=True)
class ComponentUse:
    component: str
    role: str
    optional: bool = False


@dataclass(frozen=True)
class KeyFact:
    """A figure that matters in a pattern, with the AWS page it comes from and when it was checked."""

    label: str
    value: str
    explanation: str
    source: str
    checked: date
    component: str = ""


@dataclass(frozen=True)
class BestPractice:
    title: str
    category: PracticeCategory
    how: str
    why: str
    component: str = ""
    limit: str = ""


@dataclass(frozen=True)
class CostTip:
    title: str
    detail: str


@dataclass(frozen=True)
class Variant:
    slug: str
    title: str
    summary: str
    parameter: str
    value: ParameterValue
    description: str = ""


@dataclass(frozen=True)
class CodeExample:
    slug: str
    title: str
    language: str
    caption: str
    code: str
    variant: str = ""


@dataclass(frozen=True)
class Comparison:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class SeedCostItem:
    """One line of the original guide's estimate: its label and dollars as written, the
    catalog services it corresponds to, and why our estimate differs, in words."""

    service: str
    monthly: str
    services: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class SeedCost:
    """The original guide's cost scenario: the parameter values that reproduce it (the
    explorer prices them as a preset and compares line by line) and its figures."""

    scenario: str
    items: tuple[SeedCostItem, ...]
    total: str
    notes: str = ""
    parameters: tuple[tuple[str, ParameterValue], ...] = ()


@dataclass(frozen=True)
class SelfCheckQuestion:
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str

    @property
    def correct_option(self) -> str:
        return self.options[self.correct]


@dataclass(frozen=True)
class Characteristics:
    """How a pattern behaves, in words, for side-by-side comparison."""

    trigger: str
    delivery: str
    ordering: str
    latency: str
    scaling: str
    max_duration: str

    # Field name -> row label, in the order rows are shown.
    LABELS = {
        "trigger": "What starts the work",
        "delivery": "Delivery guarantee",
        "ordering": "Ordering",
        "latency": "Latency",
        "scaling": "Throughput and scaling",
        "max_duration": "Longest unit of work",
    }

    def rows(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in self.LABELS.items()]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    type: ParameterType
    default: ParameterValue
    help: str
    unit: str = ""
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    step: int | Decimal | None = None
    # Values a slider steps through (Lambda's common memory sizes); the box takes any value.
    stops: tuple[int | Decimal, ...] = ()
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    pattern: str = ""
    group: str = ""

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


@dataclass(frozen=True)
class Condition:
    """Parameters and the values that satisfy them: every name must match one of its values."""

    requirements: tuple[tuple[str, tuple[ParameterValue, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.requirements)

    def holds(self, values: dict[str, ParameterValue]) -> bool:
        return all(values.get(name) in allowed for name, allowed in self.requirements)

    def describe(self) -> str:
        parts = []
        for name, allowed in self.requirements:
            shown = " or ".join(_describe_value(value) for value in allowed)
            parts.append(f"{name} = {shown}")
        return " and ".join(parts)


def _describe_value(value: ParameterValue) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


@dataclass(frozen=True)
class TopologyGroup:
    id: str
    label: str
    when: Condition = field(default_factory=Condition)


@dataclass(frozen=True)
class TopologyNode:
    id: str
    label: str
    component: str = ""
    actor: bool = False
    group: str = ""
    role: str = ""
    when: Condition = field(default_factory=Condition)


@dataclass(frozen=True)
class TopologyEdge:
    source: str
    target: str
    label: str = ""
    kind: EdgeKind = EdgeKind.FLOW
    when: Condition = field(default_factory=Condition)


@dataclass(frozen=True)
class Topology:
    nodes: tuple[TopologyNode, ...]
    edges: tuple[TopologyEdge, ...]
    groups: tuple[TopologyGroup, ...] = ()

    def node(self, node_id: str) -> TopologyNode:
        return next(node for node in self.nodes if node.id == node_id)


@dataclass(frozen=True)
class PatternSpec:
    slug: str
    title: str
    order: int
    level: Level
    summary: str
    use_cases: tuple[UseCase, ...]
    components: tuple[ComponentUse, ...]
    best_practices: tuple[BestPractice, ...]
    parameters: tuple[Parameter, ...]
    topology: Topology
    body: str
    source: str
    key_facts: tuple[KeyFact, ...] = ()
    cost_tips: tuple[CostTip, ...] = ()
    variants: tuple[Variant, ...] = ()
    code_examples: tuple[CodeExample, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    seed_cost: SeedCost | None = None
    characteristics: Characteristics | None = None
    related: tuple[str, ...] = ()
    takeaways: tuple[str, ...] = ()
    self_check: tuple[SelfCheckQuestion, ...] = ()

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    def role_of(self, component: str) -> str:
        for use in self.components:
            if use.component == component:
                return use.role
        return ""

    @property
    def defaults(self) -> dict[str, ParameterValue]:
        return {parameter.name: parameter.default for parameter in self.parameters}


@dataclass(frozen=True)
class Library:
    """Every component and pattern of a content folder, validated against each other."""

    components: dict[str, ComponentSpec]
    patterns: dict[str, PatternSpec]

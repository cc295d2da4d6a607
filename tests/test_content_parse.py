"""Reading and validating content files (explorer.domain.content.parse), without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from explorer.domain.content.parse import ContentError, load_library
from explorer.domain.content.schema import EdgeKind, KeyFact, Limit, ParameterType
from tests.conftest import FUNCTION_COMPONENT, MINIMAL_PATTERN, QUEUE_COMPONENT, write_library


def library_with_pattern(tmp_path: Path, text: str):
    return load_library(write_library(tmp_path, patterns={"webhook-receiver": text}))


def error_for(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        library_with_pattern(tmp_path, text)
    return caught.value


def test_it_reads_a_minimal_library(content_root: Path) -> None:
    library = load_library(content_root)

    assert set(library.components) == {"sqs", "lambda"}
    spec = library.patterns["webhook-receiver"]
    assert spec.title == "Webhook receiver"
    assert spec.components[0].role == "Holds each webhook."
    assert spec.parameter("requests_per_month").type is ParameterType.INT
    assert spec.parameter("requests_per_month").maximum == 1000000
    assert spec.topology.edges[2].kind is EdgeKind.FAILURE
    assert spec.body.startswith("## How it works")


def test_conditions_follow_parameter_values(content_root: Path) -> None:
    dlq = load_library(content_root).patterns["webhook-receiver"].topology.node("dlq")

    assert dlq.when.holds({"dlq_enabled": True})
    assert not dlq.when.holds({"dlq_enabled": False})
    assert dlq.when.describe() == "dlq_enabled = on"


def test_the_real_library_is_valid() -> None:
    library = load_library(settings.PATTERNS_CONTENT_DIR)

    assert len(library.patterns) == 8
    assert len(library.components) == 20
    assert sorted(spec.order for spec in library.patterns.values()) == list(range(1, 9))


def test_every_real_variant_selects_a_valid_value() -> None:
    for spec in load_library(settings.PATTERNS_CONTENT_DIR).patterns.values():
        for variant in spec.variants:
            parameter = spec.parameter(variant.parameter)
            if parameter.type is ParameterType.CHOICE:
                assert variant.value in [choice.value for choice in parameter.choices]


def test_it_rejects_a_file_without_front_matter(tmp_path: Path) -> None:
    error = error_for(tmp_path, "# Just a heading\n")

    assert error.source == "content/webhook-receiver.md" or error.source.endswith("webhook-receiver.md")
    assert "front matter" in error.message


def test_it_rejects_bad_yaml_with_its_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, "---\ntitle: [unclosed\norder: 1\n---\nbody\n")

    assert error.source.endswith("webhook-receiver.md")
    assert "invalid YAML" in error.message
    assert error.field.startswith("line ")


def test_it_rejects_a_missing_field(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, MINIMAL_PATTERN.replace("summary: Accept webhooks and process them later.\n", "")
    )

    assert (error.field, error.message) == ("summary", "is required")
    assert str(error).endswith("webhook-receiver.md: summary: is required")


def test_it_rejects_an_unknown_field(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("order: 1\n", "order: 1\nsumary: typo\n"))

    assert error.field == "sumary"
    assert "unknown field" in error.message
    assert "summary" in error.message


def test_it_rejects_an_unknown_field_in_a_nested_record(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("    role: Holds each webhook.\n", "    rol: x\n"))

    assert error.field == "components[0].role"


def test_it_rejects_an_unknown_component(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("  - component: lambda", "  - component: lamda"))

    assert error.field == "components[1].component"
    assert "unknown component 'lamda'" in error.message


def test_it_rejects_a_default_outside_its_bounds(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("default: 1000\n", "default: 5000000\n"))

    assert error.field == "parameters[0].default"
    assert "outside min 0 and max 1000000" in error.message


def test_it_rejects_a_non_numeric_bound(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("max: 1000000\n", "max: lots\n"))

    assert error.field == "parameters[0].max"
    assert "whole number" in error.message


def test_it_rejects_an_edge_to_an_unknown_node(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, MINIMAL_PATTERN.replace("{from: queue, to: worker", "{from: queue, to: wroker")
    )

    assert error.field == "topology.edges[1].to"
    assert "unknown node 'wroker'" in error.message


def test_it_rejects_a_condition_on_an_unknown_parameter(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("when: {dlq_enabled: true}", "when: {dlq: true}"))

    assert error.field == "topology.nodes[3].when.dlq"


def test_it_rejects_a_condition_value_of_the_wrong_type(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, MINIMAL_PATTERN.replace("when: {dlq_enabled: true}", "when: {dlq_enabled: maybe}")
    )

    assert "expected true or false" in error.message


def test_it_rejects_a_bad_category(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("category: reliability", "category: speed"))

    assert error.field == "best_practices[0].category"
    assert "reliability, security, cost, performance, operations" in error.message


def test_it_rejects_an_invalid_schedule_default(tmp_path: Path) -> None:
    text = MINIMAL_PATTERN.replace(
        "parameters:\n",
        "parameters:\n  - {name: schedule, label: S, type: cron, default: 'cron(0 12 * * * *)', help: h}\n",
    )
    error = error_for(tmp_path, text)

    assert error.field == "parameters[0].default"
    assert "?" in error.message


def test_it_rejects_two_patterns_with_one_order(tmp_path: Path) -> None:
    root = write_library(tmp_path, patterns={"one": MINIMAL_PATTERN, "two": MINIMAL_PATTERN})

    with pytest.raises(ContentError, match="order: 1 is already used by one"):
        load_library(root)


def test_it_rejects_an_unknown_related_pattern(tmp_path: Path) -> None:
    error = error_for(tmp_path, MINIMAL_PATTERN.replace("order: 1\n", "order: 1\nrelated: [nowhere]\n"))

    assert (error.field, error.message) == ("related[0]", "unknown pattern 'nowhere'")


def test_it_rejects_a_component_without_https_docs(tmp_path: Path) -> None:
    component = "---\nname: X\ncategory: compute\nsummary: s\ndocs_url: javascript:alert(1)\n---\nbody\n"
    root = write_library(tmp_path, components={"x": component}, patterns={})

    with pytest.raises(ContentError, match="docs_url: expected an https:// address"):
        load_library(root)


def test_it_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    root = write_library(tmp_path)
    (root / "broken.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")

    with pytest.raises(ContentError, match="not valid UTF-8"):
        load_library(root)


def test_decimal_parameters_are_decimals(tmp_path: Path) -> None:
    text = MINIMAL_PATTERN.replace(
        "parameters:\n",
        "parameters:\n  - {name: rate, label: R, type: decimal, default: 1.5, min: 0.1, max: 10, help: h}\n",
    )
    spec = library_with_pattern(tmp_path, text).patterns["webhook-receiver"]

    assert spec.parameter("rate").default == Decimal("1.5")
    assert spec.parameter("rate").minimum == Decimal("0.1")


def test_the_documented_minimal_example_is_valid(tmp_path: Path) -> None:
    readme = (settings.PATTERNS_CONTENT_DIR / "README.md").read_text()
    example = readme.split("## Add your own pattern", 1)[1].split("```markdown\n", 1)[1].split("\n```", 1)[0]
    gateway = FUNCTION_COMPONENT.replace("AWS Lambda", "Amazon API Gateway").replace("compute", "networking")
    components = {"sqs": QUEUE_COMPONENT, "lambda": FUNCTION_COMPONENT, "api-gateway": gateway}
    root = write_library(tmp_path, patterns={"webhook-receiver": example}, components=components)

    spec = load_library(root).patterns["webhook-receiver"]

    assert spec.title == "Webhook receiver"
    assert [node.id for node in spec.topology.nodes] == ["provider", "api", "queue"]


KEY_FACT = """\
key_facts:
  - label: Visibility timeout
    value: 0 s to 12 hours
    explanation: Hidden while processed.
    component: sqs
    source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
    checked: 2026-12-02
"""


def pattern_with_key_fact(fact: str = KEY_FACT) -> str:
    return MINIMAL_PATTERN.replace("best_practices:\n", fact + "best_practices:\n")


def component_error(tmp_path: Path, text: str) -> ContentError:
    root = write_library(tmp_path, components={"sqs": text, "lambda": FUNCTION_COMPONENT})
    with pytest.raises(ContentError) as caught:
        load_library(root)
    return caught.value


def test_limits_and_key_facts_carry_their_source_and_check_date(tmp_path: Path) -> None:
    library = library_with_pattern(tmp_path, pattern_with_key_fact())

    limit = library.components["sqs"].limits[0]
    fact = library.patterns["webhook-receiver"].key_facts[0]
    assert limit.source.startswith("https://docs.aws.amazon.com/")
    assert limit.checked == date(2026, 12, 2)
    assert fact.source.endswith("sqs-visibility-timeout.html")
    assert fact.checked == date(2026, 12, 2)


@pytest.mark.parametrize("field", ["source", "checked"])
def test_it_refuses_a_limit_without_its_source_or_date(tmp_path: Path, field: str) -> None:
    text = "\n".join(line for line in QUEUE_COMPONENT.splitlines() if not line.startswith(f"    {field}:"))

    error = component_error(tmp_path, text + "\n")

    assert error.source.endswith("components/sqs.md")
    assert error.field == f"limits[0].{field}"
    assert error.message == "is required"


@pytest.mark.parametrize("field", ["source", "checked"])
def test_it_refuses_a_key_fact_without_its_source_or_date(tmp_path: Path, field: str) -> None:
    fact = "\n".join(line for line in KEY_FACT.splitlines() if not line.startswith(f"    {field}:")) + "\n"

    error = error_for(tmp_path, pattern_with_key_fact(fact))

    assert error.source.endswith("webhook-receiver.md")
    assert error.field == f"key_facts[0].{field}"
    assert error.message == "is required"


def test_it_refuses_a_source_that_is_not_an_aws_page(tmp_path: Path) -> None:
    fact = KEY_FACT.replace("https://docs.aws.amazon.com/AWSSimpleQueueService", "https://example.com/sqs")

    error = error_for(tmp_path, pattern_with_key_fact(fact))

    assert error.field == "key_facts[0].source"
    assert "AWS documentation or pricing page" in error.message


@pytest.mark.parametrize("value", ["2 December 2026", "2026-13-01", "yes", "2026-12-02T10:00:00"])
def test_it_refuses_a_check_date_that_is_not_an_iso_date(tmp_path: Path, value: str) -> None:
    error = component_error(tmp_path, QUEUE_COMPONENT.replace("checked: 2026-12-02", f"checked: {value}"))

    assert error.field == "limits[0].checked"
    assert "expected an ISO date (YYYY-MM-DD)" in error.message


def test_check_dates_stored_as_text_read_back_as_dates(tmp_path: Path) -> None:
    # The database keeps the front matter as JSON, where a date is text.
    text = pattern_with_key_fact(KEY_FACT.replace("checked: 2026-12-02", 'checked: "2026-12-02"'))

    fact = library_with_pattern(tmp_path, text).patterns["webhook-receiver"].key_facts[0]

    assert fact.checked == date(2026, 12, 2)


def test_every_real_limit_and_key_fact_names_an_aws_page_and_a_date() -> None:
    library = load_library(settings.PATTERNS_CONTENT_DIR)
    entries: list[Limit | KeyFact] = [
        limit for component in library.components.values() for limit in component.limits
    ]
    entries += [fact for spec in library.patterns.values() for fact in spec.key_facts]

    assert entries
    assert all(
        entry.source.startswith(("https://docs.aws.amazon.com/", "https://aws.amazon.com/"))
        for entry in entries
    )
    assert all(date(2026, 1, 1) <= entry.checked <= date.today() for entry in entries)


@pytest.mark.parametrize(
    ("stops", "message"),
    [
        ("[5]", "at least two numbers"),
        ("[10, 5]", "rise from one to the next"),
        ("[0, 2000000]", "within min 0 and max 1000000"),
        ("[1, lots]", "whole number"),
    ],
)
def test_it_rejects_slider_stops_that_cannot_be_stepped_through(
    tmp_path: Path, stops: str, message: str
) -> None:
    error = error_for(
        tmp_path, MINIMAL_PATTERN.replace("max: 1000000\n", f"max: 1000000\n    stops: {stops}\n")
    )

    assert error.field == "parameters[0].stops"
    assert message in error.message


def test_it_reads_slider_stops(tmp_path: Path) -> None:
    text = MINIMAL_PATTERN.replace("max: 1000000\n", "max: 1000000\n    stops: [0, 10, 1000]\n")

    spec = library_with_pattern(tmp_path, text).patterns["webhook-receiver"]

    assert spec.parameter("requests_per_month").stops == (0, 10, 1000)

"""`manage.py estimate`: a pattern's or a service's estimate on the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("estimate", *args, stdout=out)
    return out.getvalue()


def test_a_pattern_as_a_table_shows_every_formula() -> None:
    output = run("api-backend", "--set", "requests_per_month=10000000")

    assert "API backend: monthly estimate" in output
    assert "10,000,000 requests x $3.50 per million = $35.00" in output
    assert "minus 400,000 free = 600,000 GB-s x $0.0000166667" in output
    assert "Total" in output


def test_a_pattern_as_json() -> None:
    data = json.loads(run("api-backend", "--format", "json", "--no-free-tier"))

    assert data["pattern"] == "api-backend"
    assert data["free_tier"] is False
    assert data["line_items"]
    assert not any(item["free_tier_used"] for item in data["line_items"])
    # With the free tier, Lambda's first 1M requests would cost nothing; without it, $0.20.
    requests = next(item for item in data["line_items"] if item["item"] == "Business function: Requests")
    assert (requests["quantity"], requests["cost"]) == ("1000000", "0.20")


def test_a_service_as_json() -> None:
    data = json.loads(run("--service", "sqs", "--set", "requests=2000000", "--format", "json"))

    assert data["service"] == "sqs"
    # 2M requests, 1M free, 1M x $0.40 per million (https://aws.amazon.com/sqs/pricing/).
    assert data["total"] == "0.40"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mainframe",), "unknown pattern 'mainframe'"),
        (("api-backend", "--set", "memory_mb=5"), "memory_mb: must be from 128 to 10,240 MB"),
        (("api-backend", "--set", "colour=blue"), "colour: unknown parameter"),
        (("api-backend", "--set", "memory_mb"), "--set expects name=value"),
        (("api-backend", "--set", "memory_mb=256", "--set", "memory_mb=512"), "more than once"),
        (("--service", "mainframe"), "unknown service 'mainframe'"),
        (("--service", "lambda", "--set", "memory_mb=1e9"), "memory_mb"),
        ((), "give either a pattern or --service"),
        (("api-backend", "--service", "lambda"), "give either a pattern or --service"),
        (
            (
                "edge-functions",
                "--set",
                "edge_runtime=cloudfront-functions",
                "--set",
                "event_type=origin-request",
            ),
            "AWS limit: CloudFront Functions run on viewer events only",
        ),
    ],
)
def test_bad_input_exits_non_zero_naming_it(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run(*args)


def test_help_lists_every_pattern_and_service_parameter(capsys) -> None:
    with pytest.raises(SystemExit):
        call_command("estimate", "--help")

    output = capsys.readouterr().out
    assert "api-backend (API backend)" in output
    assert "requests_per_month: 0 to 10,000,000,000 requests" in output
    assert "kinesis_data_streams" in output
    assert "memory_mb: a whole number from 128 to 10,240 MB" in output

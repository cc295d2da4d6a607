"""`python manage.py snippet`: a snippet on standard output, or a non-zero exit naming the problem."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from explorer.management.commands.snippet import Command


def snippet(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("snippet", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_writes_a_sam_template() -> None:
    out, _ = snippet("async-messaging", "--format", "sam")

    assert "Transform: AWS::Serverless-2016-10-31" in out
    assert out.endswith("\n")


@pytest.mark.django_db
def test_the_variant_sets_its_parameter() -> None:
    out, _ = snippet("async-messaging", "--format", "terraform", "--variant", "fifo")

    assert "fifo_queue = true" in out


@pytest.mark.django_db
def test_set_changes_parameters() -> None:
    out, _ = snippet("async-messaging", "--format", "sam", "--set", "batch_size=5", "--set", "memory_mb=1024")
    resources = yaml.load(out, Loader=yaml.BaseLoader)["Resources"]

    assert resources["ConsumerFunction"]["Properties"]["MemorySize"] == "1024"
    assert resources["ConsumerFunction"]["Properties"]["Events"]["Queue"]["Properties"]["BatchSize"] == "5"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "fmt", "expected"),
    [
        ("saga", "asl", '"StartAt": "ReserveInventory"'),
        ("scheduled-tasks", "schedule", "Next 5 runs (UTC):"),
        ("edge-functions", "cloudfront-function", "function handler(event)"),
        ("stream-processing", "handler", "batchItemFailures"),
    ],
)
def test_it_writes_every_other_format(pattern: str, fmt: str, expected: str) -> None:
    out, _ = snippet(pattern, "--format", fmt)

    assert expected in out


@pytest.mark.django_db
def test_warnings_go_to_standard_error() -> None:
    out, err = snippet("async-messaging", "--format", "sam", "--set", "dlq_enabled=false")

    assert "warning: Dead-letter queue" in err
    assert "warning" not in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--format", "sam"], "unknown pattern 'nope'"),
        (["saga", "--format", "cdk"], "unknown format 'cdk'"),
        (["saga", "--format", "sam", "--variant", "fifo"], "unknown variant 'fifo' of saga"),
        (["async-messaging", "--format", "sam", "--variant", "lifo"], "variants: standard, fifo"),
        (["saga", "--format", "sam", "--set", "colour=red"], "colour: unknown parameter"),
        (["saga", "--format", "sam", "--set", "memory_mb=99999"], "memory_mb: must be from 128 to 10,240 MB"),
        (["saga", "--format", "sam", "--set", "memory_mb=lots"], "memory_mb: expected a whole number"),
        (["saga", "--format", "sam", "--set", "memory_mb"], "--set expects NAME=VALUE"),
        (["saga", "--format", "schedule"], "no schedule snippet"),
        (["api-backend", "--format", "sam", "--set", "timeout_s=60"], "API Gateway integration timeout 29 s"),
        (
            ["async-messaging", "--format", "sam", "--variant", "fifo", "--set", "batch_size=50"],
            "SQS FIFO batch size 10",
        ),
        (["scheduled-tasks", "--format", "sam", "--set", "schedule=rate(1 week)"], "schedule:"),
    ],
)
def test_bad_input_fails_naming_it(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        snippet(*args)


@pytest.mark.django_db
def test_bad_input_exits_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(
            ["manage.py", "snippet", "saga", "--format", "sam", "--set", "timeout_s=5000"]
        )

    assert exited.value.code != 0
    assert "timeout_s" in capsys.readouterr().err

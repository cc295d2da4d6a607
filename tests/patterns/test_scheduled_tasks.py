"""The scheduled task's deployment: what draws each resource, and a month of runs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain import workflows
from explorer.domain.deployment import (
    Bucket,
    Deployment,
    Function,
    Ref,
    Schedule,
    StateMachine,
    Table,
    Topic,
)
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.scheduled_tasks import PATTERN, scheduled_tasks
from tests.grid import LIBRARY, grid
from tests.patterns.money import cost

SPEC = LIBRARY.patterns["scheduled-tasks"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "scheduled-tasks"]
GB = Decimal(1024 * 1024)  # KB per GB


def build(**raw: str) -> Deployment:
    return scheduled_tasks(resolve_params(SPEC, raw).values)


def task(deployment: Deployment) -> Function:
    fn = deployment.get("TaskFunction")
    assert isinstance(fn, Function)
    return fn


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = scheduled_tasks(params.values)
    aws_nodes = {node.id for node in SPEC.topology.nodes if not node.actor}
    for resource in deployment.resources:
        assert resource.node in aws_nodes, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {external.node for external in deployment.externals} <= aws_nodes
    assert {deployment.monitoring_node, deployment.tracing_node} <= aws_nodes


def test_the_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "RunsTable": "table",
        "ReportsBucket": "reports",
        "NotificationTopic": "topic",
        "DeadLetterQueue": "dlq",
        "DeadLetterQueueAlarm": "alarm",
        "TaskFunction": "task_fn",
        "TaskFunctionErrorsAlarm": "alarm",
        "TaskSchedule": "schedule",
    }
    # The database the job snapshots is used, not created.
    assert [external.node for external in deployment.externals] == ["database"]
    assert "database" in deployment.drawn_nodes()
    assert "logs" in deployment.drawn_nodes()


def test_a_scheduled_rule_is_drawn_as_the_rule() -> None:
    schedule = build(scheduler="rule").get("TaskSchedule")
    assert isinstance(schedule, Schedule)
    assert schedule.node == "rule"
    assert not schedule.use_scheduler


def test_the_default_month_runs_hourly() -> None:
    # rate(1 hour) in a 730-hour month: 730 runs, each one invocation of 1,000 ms.
    deployment = build()
    schedule = deployment.get("TaskSchedule")
    assert isinstance(schedule, Schedule)
    assert schedule.runs == 730
    assert task(deployment).usage.count == 730
    assert task(deployment).usage.duration_ms == 1000
    # run() claims the hour with one conditional PutItem (1 WRU) and writes one report.
    table = deployment.get("RunsTable")
    assert isinstance(table, Table)
    assert table.usage.writes == 730
    assert table.usage.storage_gb == Decimal(730) / GB
    reports = deployment.get("ReportsBucket")
    assert isinstance(reports, Bucket)
    assert reports.usage.puts == 730
    assert reports.usage.storage_gb == Decimal(730 * 100) / GB
    # One notification per run, delivered to one email subscription.
    topic = deployment.get("NotificationTopic")
    assert isinstance(topic, Topic)
    assert (topic.usage.count, topic.usage.email_deliveries) == (730, 730)
    topic_arn = dict(task(deployment).environment)["TOPIC_ARN"]
    assert isinstance(topic_arn, Ref) and topic_arn.target == "NotificationTopic"


def test_runs_follow_a_cron_schedule() -> None:
    # cron(0 8 ? * MON-FRI *): once a day on 5 of 7 weekdays: 5 x (730 / 24) / 7 = 21.73 runs.
    deployment = build(schedule="cron(0 8 ? * MON-FRI *)")
    expected = 5 * (Decimal(730) / 24) / 7
    assert task(deployment).usage.count == expected
    assert deployment.get("TaskSchedule").runs == expected  # type: ignore[union-attr]


def test_the_workflow_with_a_topic_takes_three_transitions_and_notifies_once() -> None:
    deployment = build(use_step_functions="true")
    workflow = deployment.get("TaskWorkflow")
    assert isinstance(workflow, StateMachine)
    assert workflow.node == "workflow"
    # RunTask, NotifySuccess, Done: 3 transitions, not 4.
    run = workflows.walk(workflow.definition)
    assert run.transitions == 3
    assert run.states == ("RunTask", "NotifySuccess", "Done")
    assert workflow.usage.count == 730
    # The workflow publishes the result; the function no longer does too.
    topic = deployment.get("NotificationTopic")
    assert isinstance(topic, Topic)
    assert topic.usage.count == 730
    assert "TOPIC_ARN" not in dict(task(deployment).environment)
    assert task(deployment).usage.count == 730
    schedule = deployment.get("TaskSchedule")
    assert isinstance(schedule, Schedule)
    assert schedule.target == "TaskWorkflow"


def test_the_workflow_without_a_topic_takes_two_transitions() -> None:
    workflow = build(use_step_functions="true", notification="none").get("TaskWorkflow")
    assert isinstance(workflow, StateMachine)
    assert workflow.usage.paths[0].share == 1
    assert workflows.walk(workflow.definition).transitions == 2  # RunTask, Done


def test_ses_is_used_not_created_and_its_emails_are_noted() -> None:
    deployment = build(notification="ses")
    assert deployment.of_type(Topic) == []
    email = next(external for external in deployment.externals if external.node == "email")
    assert "730 emails a month" in email.note
    assert "email" in deployment.drawn_nodes()
    assert "email" not in build().drawn_nodes()


def test_optional_parts_are_drawn_only_when_deployed() -> None:
    drawn = build(dlq_enabled="false", notification="none", tracing_enabled="false").drawn_nodes()
    assert not {"dlq", "topic", "email", "workflow", "tracing", "rule"} & drawn
    assert {"workflow", "tracing"} <= build(use_step_functions="true", tracing_enabled="true").drawn_nodes()


def test_the_module_carries_the_chooser() -> None:
    assert PATTERN.traffic == ()
    assert PATTERN.chooser[("trigger", "schedule")][0] == 10
    assert PATTERN.chooser[("latency", "background")][0] == 2
    assert PATTERN.chooser[("throughput", "low")][0] == 1


# --- dollars: https://aws.amazon.com/sns/pricing/, https://aws.amazon.com/eventbridge/pricing/,
# https://aws.amazon.com/step-functions/pricing/, https://aws.amazon.com/lambda/pricing/
# (rates in explorer/domain/pricing/prices.yaml)


def test_an_hourly_job_is_inside_the_free_tiers() -> None:
    # 730 Scheduler invocations (14 million free), 730 publishes (1 million free) and 730 email
    # deliveries (1,000 free), 730 Lambda requests and 91.25 GB-s, 2,190 transitions (4,000 free).
    # The topic's customer managed KMS key (CloudWatch alarms publish to it) has no free tier.
    deployment = build(use_step_functions="true")
    for resource in ("TaskSchedule", "TaskFunction", "TaskWorkflow"):
        assert cost(deployment, resource) == 0, resource
    assert cost(deployment, "NotificationTopic") == Decimal("1.00")


def test_without_the_free_tier_the_notifications_cost_per_publish_email_and_key() -> None:
    # 730 x $0.50 / million = $0.000365 for the publishes, 730 x $2.00 / 100,000 = $0.0146 for
    # the email deliveries, and $1.00 for the topic's KMS key.
    expected = (
        Decimal(730) * Decimal("0.50") / 1_000_000
        + Decimal(730) * Decimal("2.00") / 100_000
        + Decimal("1.00")
    )
    assert cost(build(), "NotificationTopic", free_tier=False) == expected


def test_without_the_free_tier_the_workflow_costs_its_walked_transitions() -> None:
    # 730 runs x 3 transitions = 2,190 x $0.025 / 1,000 = $0.05475.
    assert cost(build(use_step_functions="true"), "TaskWorkflow", free_tier=False) == Decimal("0.05475")


def test_without_the_free_tier_the_task_costs_its_runs() -> None:
    # arm64 at 128 MB: 730 x $0.20 / million = $0.000146; 730 x 1 s x 0.125 GB = 91.25 GB-s
    # x $0.0000133334 = $0.00121667275.
    expected = Decimal(730) * Decimal("0.20") / 1_000_000 + Decimal("91.25") * Decimal("0.0000133334")
    assert cost(build(), "TaskFunction", free_tier=False) == expected

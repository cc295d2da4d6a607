"""The scheduled-tasks pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from explorer.domain import workflows
from explorer.domain.deployment import (
    AsyncConfig,
    Bucket,
    BucketTraffic,
    Deployment,
    Executions,
    External,
    Input,
    InputRef,
    Invocations,
    Path,
    Publishes,
    Ref,
    Resource,
    Schedule,
    StateMachine,
    Statement,
    Table,
    TableTraffic,
    Topic,
)
from explorer.domain.patterns.common import (
    Values,
    dead_letter_queue,
    dlq_alarm,
    errors_alarm,
    function,
    invoke_rights,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.pricing.services import KB_PER_GB
from explorer.domain.schedules import parse_schedule, runs_per_month
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import piece

# What one run leaves behind (no parameter gives the sizes): a 1 KB item in the runs table and a
# 100 KB report in the bucket, both kept for the month.
RUN_ITEM_KB = Decimal(1)
REPORT_KB = Decimal(100)
NOTIFICATION_KB = Decimal(1)


def scheduled_tasks(v: Values) -> Deployment:
    topic = "NotificationTopic" if v["notification"] == "sns" else None
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    workflow = bool(v["use_step_functions"])
    expression = str(v["schedule"])
    hours = load_catalog().hours_per_month
    runs = runs_per_month(parse_schedule(expression), month_hours=hours)
    definition = asl.scheduled_task(topic) if workflow else None
    # The workflow's transitions and calls come from walking its definition (2 states, or 3 with
    # the SNS notification); without it, the schedule invokes the function once per run.
    calls = workflows.walk(definition).calls if definition else {"TaskFunction": 1}

    # run() claims the period with a conditional PutItem (1 WRU) and writes one report object.
    resources: list[Resource] = [
        Table(
            "RunsTable",
            key="pk",
            node="table",
            usage=TableTraffic(writes=runs, storage_gb=runs * RUN_ITEM_KB / KB_PER_GB),
        ),
        Bucket(
            "ReportsBucket",
            node="reports",
            usage=BucketTraffic(puts=runs, storage_gb=runs * REPORT_KB / KB_PER_GB),
        ),
    ]
    inputs: list[Input] = []
    externals = [
        External(
            "database",
            "not priced: the job's snapshots of your existing database are billed as RDS backup storage,"
            " which depends on the database's size; the template creates no database.",
        )
    ]
    notes = [
        f"{expression} runs {format_quantity(runs)} times in a {format_quantity(hours)}-hour month; every run"
        " succeeds at the first attempt.",
        f"each run writes a {format_quantity(RUN_ITEM_KB)} KB item to the runs table and a"
        f" {format_quantity(REPORT_KB)} KB report, both kept for the month.",
    ]
    environment: list[tuple[str, Ref | InputRef]] = [
        ("RUNS_TABLE", Ref("RunsTable", "name")),
        ("REPORTS_BUCKET", Ref("ReportsBucket", "name")),
    ]
    statements = [
        table_access("RunsTable", "PutItem"),
        Statement(("s3:PutObject",), (Ref("ReportsBucket", suffix="/reports/*"),)),
    ]
    if topic:
        # The workflow's NotifySuccess state publishes the result; without a workflow the function
        # does, so a run notifies once either way.
        publishes = runs * calls.get(topic, 0) if workflow else runs
        resources.append(
            Topic(
                topic,
                publishers=("cloudwatch",),
                node="topic",
                usage=Publishes(publishes, NOTIFICATION_KB, email_deliveries=publishes),
            )
        )
        if not workflow:
            environment.append(("TOPIC_ARN", Ref(topic)))
            statements.append(Statement(("sns:Publish",), (Ref(topic),)))
        notes.append(
            "each run's notification goes to one email subscription, which you add to the topic after"
            " deploying; alarm notifications are too few to count."
        )
    elif v["notification"] == "ses":
        inputs.append(Input("SenderEmail", "A verified SES identity that sends and receives the reports"))
        environment.append(("SENDER_EMAIL", InputRef("SenderEmail")))
        statements.append(Statement(("ses:SendEmail",), ("*",)))
        externals.append(
            External(
                "email",
                f"the job sends {format_quantity(runs)} emails a month through Amazon SES from your verified"
                " identity (SenderEmail); the template creates no identity.",
                used_by="TaskFunction",
                emails=runs,
            )
        )
    if dlq:
        resources += [
            replace(dead_letter_queue(dlq), node="dlq"),
            replace(dlq_alarm(dlq, topic), node="alarm"),
        ]
    resources.append(
        function(
            v,
            "TaskFunction",
            "Runs the scheduled job once per period",
            "run",
            reserved_concurrency=1,
            environment=tuple(environment),
            statements=tuple(statements),
            # Lambda keeps an asynchronous event at most 6 hours (21,600 s).
            async_config=None if workflow else AsyncConfig(2, min(int(v["max_event_age_s"]), 21600), dlq),
            practices=("no_overlap",),
            node="task_fn",
            usage=Invocations(runs * calls.get("TaskFunction", 0), Decimal(v["avg_duration_ms"])),
        )
    )
    resources.append(replace(errors_alarm("TaskFunction", topic), node="alarm"))
    if definition:
        resources.append(
            StateMachine(
                "TaskWorkflow",
                definition,
                express=False,
                tracing=bool(v["tracing_enabled"]),
                log_retention_days=int(v["log_retention_days"]),
                statements=invoke_rights("TaskFunction")
                + ((Statement(("sns:Publish",), (Ref(topic),)),) if topic else ()),
                node="workflow",
                usage=Executions(runs, (Path(Decimal(1)),)),
            )
        )
    scheduler = v["scheduler"] == "scheduler"
    resources.append(
        Schedule(
            "TaskSchedule",
            expression=expression,
            target="TaskWorkflow" if workflow else "TaskFunction",
            target_kind="state_machine" if workflow else "function",
            use_scheduler=scheduler,
            timezone=str(v["timezone"]),
            max_retries=int(v["retry_attempts"]),
            max_event_age_s=int(v["max_event_age_s"]),
            dlq=dlq,
            node="schedule" if scheduler else "rule",
            runs=runs,
        )
    )
    return Deployment(
        "scheduled-tasks",
        "Scheduled task: an EventBridge schedule runs a job",
        tuple(resources),
        tuple(inputs),
        externals=tuple(externals),
        monitoring_node="logs",
        tracing_node="tracing",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    return [piece("scheduled.py.tmpl")]


PATTERN = PatternModule(
    slug="scheduled-tasks",
    build=scheduled_tasks,
    handler_pieces=handler_pieces,
    traffic=(),
    chooser={
        ("trigger", "schedule"): (10, "EventBridge rate() and cron() schedules start work on the clock."),
        ("latency", "background"): (2, "Work runs at the next scheduled time."),
        ("throughput", "low"): (1, "A few runs a day cost fractions of a cent."),
    },
)

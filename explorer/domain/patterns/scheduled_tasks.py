"""The scheduled-tasks pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    AsyncConfig,
    Bucket,
    Deployment,
    Input,
    InputRef,
    Ref,
    Resource,
    Schedule,
    StateMachine,
    Statement,
    Table,
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
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import piece


def scheduled_tasks(v: Values) -> Deployment:
    topic = "NotificationTopic" if v["notification"] == "sns" else None
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    resources: list[Resource] = [Table("RunsTable", key="pk"), Bucket("ReportsBucket")]
    inputs: list[Input] = []
    environment: list[tuple[str, Ref | InputRef]] = [
        ("RUNS_TABLE", Ref("RunsTable", "name")),
        ("REPORTS_BUCKET", Ref("ReportsBucket", "name")),
    ]
    statements = [
        table_access("RunsTable", "PutItem"),
        Statement(("s3:PutObject",), (Ref("ReportsBucket", suffix="/reports/*"),)),
    ]
    if topic:
        resources.append(Topic(topic, publishers=("cloudwatch",)))
        environment.append(("TOPIC_ARN", Ref(topic)))
        statements.append(Statement(("sns:Publish",), (Ref(topic),)))
    elif v["notification"] == "ses":
        inputs.append(Input("SenderEmail", "A verified SES identity that sends and receives the reports"))
        environment.append(("SENDER_EMAIL", InputRef("SenderEmail")))
        statements.append(Statement(("ses:SendEmail",), ("*",)))
    if dlq:
        resources += [dead_letter_queue(dlq), dlq_alarm(dlq, topic)]
    workflow = bool(v["use_step_functions"])
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
        )
    )
    resources.append(errors_alarm("TaskFunction", topic))
    if workflow:
        resources.append(
            StateMachine(
                "TaskWorkflow",
                asl.scheduled_task(topic),
                express=False,
                tracing=bool(v["tracing_enabled"]),
                log_retention_days=int(v["log_retention_days"]),
                statements=invoke_rights("TaskFunction")
                + ((Statement(("sns:Publish",), (Ref(topic),)),) if topic else ()),
            )
        )
    resources.append(
        Schedule(
            "TaskSchedule",
            expression=str(v["schedule"]),
            target="TaskWorkflow" if workflow else "TaskFunction",
            target_kind="state_machine" if workflow else "function",
            use_scheduler=v["scheduler"] == "scheduler",
            timezone=str(v["timezone"]),
            max_retries=int(v["retry_attempts"]),
            max_event_age_s=int(v["max_event_age_s"]),
            dlq=dlq,
        )
    )
    return Deployment(
        "scheduled-tasks",
        "Scheduled task: an EventBridge schedule runs a job",
        tuple(resources),
        tuple(inputs),
    )


def handler_pieces(v: Values) -> list[str]:
    return [piece("scheduled.py.tmpl")]


PATTERN = PatternModule(slug="scheduled-tasks", build=scheduled_tasks, handler_pieces=handler_pieces)

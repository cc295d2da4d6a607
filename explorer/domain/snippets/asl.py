"""Amazon States Language definitions: the saga, the fan-in workflow and the scheduled task.

Builders return the definition as a dict whose ARNs, names and URLs are `Ref`s; the SAM
renderer turns them into `DefinitionSubstitutions`, Terraform into references, and
`to_json` into `${Name}` placeholders for the standalone document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from explorer.domain.content.schema import ParameterValue
from explorer.domain.deployment import Ref
from explorer.domain.snippets.practices import practice

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
TRANSIENT_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
    "States.Timeout",
]
MAX_RETRY_DELAY_S = 30
# A compensation must end in success: AWS Prescriptive Guidance's saga orchestration pattern asks
# for compensating transactions that are idempotent and retryable
# (https://docs.aws.amazon.com/prescriptive-guidance/latest/cloud-design-patterns/saga-orchestration.html),
# so they retry every error (`States.ALL`, which must stand alone in the last retrier:
# https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html), twice as many
# times as the forward steps and at least 6 times, with waits capped at 60 s instead of 30 s. With
# the defaults (2 s x 2.0) the 6 waits are 2 + 4 + 8 + 16 + 32 + 60 = 122 s at most, well inside an
# Express workflow's 5 minutes.
COMPENSATION_MIN_ATTEMPTS = 6
COMPENSATION_MAX_DELAY_S = 60


def retry_policy(attempts: int, interval_s: int, backoff: Decimal) -> list[dict[str, Any]]:
    """Retries of transient Lambda errors with exponential backoff and full jitter.

    Business errors (a declined payment) are not in the list: retrying them changes
    nothing. No policy at all when `attempts` is 0.
    """
    if attempts == 0:
        return []
    return [
        {
            "ErrorEquals": list(TRANSIENT_ERRORS),
            "IntervalSeconds": interval_s,
            "MaxAttempts": attempts,
            "BackoffRate": backoff,
            "MaxDelaySeconds": max(MAX_RETRY_DELAY_S, interval_s),
            "JitterStrategy": "FULL",
        }
    ]


def compensation_retry_policy(attempts: int, interval_s: int, backoff: Decimal) -> list[dict[str, Any]]:
    """Retries of a compensation: every error, more attempts and a longer cap than the forward steps.

    A forward step's business error ends the saga on purpose; a compensation that gives up
    leaves the order half undone, so it keeps trying whatever the error, even when the forward
    steps do not retry at all.
    """
    return [
        {
            "ErrorEquals": ["States.ALL"],
            "IntervalSeconds": interval_s,
            "MaxAttempts": max(COMPENSATION_MIN_ATTEMPTS, 2 * attempts),
            "BackoffRate": backoff,
            "MaxDelaySeconds": max(COMPENSATION_MAX_DELAY_S, interval_s),
            "JitterStrategy": "FULL",
        }
    ]


def invoke(
    function: str, retry: list[dict[str, Any]], *, result_path: str | None = None, **rest: Any
) -> dict[str, Any]:
    """A Task state that invokes a Lambda function with the state's input as payload."""
    state: dict[str, Any] = {
        "Type": "Task",
        "Comment": practice("sfn_retry") if retry else "Invoke the step function",
        "Resource": LAMBDA_INVOKE,
        "Parameters": {"FunctionName": Ref(function), "Payload.$": "$"},
        "ResultSelector": {"result.$": "$.Payload"},
    }
    if result_path:
        state["ResultPath"] = result_path
    if retry:
        state["Retry"] = retry
    state.update(rest)
    return state


def catch(next_state: str, errors: tuple[str, ...] = ("States.ALL",)) -> dict[str, Any]:
    """A Catch that keeps the input and adds the error under `$.error`."""
    return {"ErrorEquals": list(errors), "ResultPath": "$.error", "Next": next_state}


def _record_status(table: str, status: str, next_state: str) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Comment": f"Record the order's status ({status}) for support staff and other services",
        "Resource": "arn:aws:states:::dynamodb:updateItem",
        "Parameters": {
            "TableName": Ref(table, "name"),
            "Key": {"orderId": {"S.$": "$.orderId"}},
            "UpdateExpression": "SET #status = :status",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":status": {"S": status}},
        },
        "ResultPath": None,
        "Next": next_state,
    }


def saga(values: Mapping[str, ParameterValue], table: str | None) -> dict[str, Any]:
    """Reserve, pay, ship; on failure undo the completed steps in reverse order.

    A declined payment (`PaymentFailed`) only releases the reservation; any other payment
    error may have charged the card, so it is refunded too. Forward steps retry transient errors
    as configured; every compensation retries any error longer (`compensation_retry_policy`)
    and, if it still fails, ends in `CompensationFailed`.
    """
    settings = (
        int(values["retry_max_attempts"]),
        int(values["retry_interval_s"]),
        Decimal(values["retry_backoff_rate"]),
    )
    retry = retry_policy(*settings)
    compensation_retry = compensation_retry_policy(*settings)
    on_compensation_error = [catch("CompensationFailed")]
    completed, failed = ("RecordCompleted", "RecordFailed") if table else ("OrderCompleted", "OrderFailed")
    states: dict[str, Any] = {
        "ReserveInventory": invoke(
            "ReserveFunction",
            retry,
            result_path="$.reservation",
            Next="ProcessPayment",
            Catch=[catch("ReleaseInventory")],
        ),
        "ProcessPayment": invoke(
            "PaymentFunction",
            retry,
            result_path="$.payment",
            Next="ShipOrder",
            Catch=[catch("ReleaseInventory", ("PaymentFailed",)), catch("RefundPayment")],
        ),
        "ShipOrder": invoke(
            "ShipFunction", retry, result_path="$.shipment", Next=completed, Catch=[catch("CancelShipment")]
        ),
        "CancelShipment": invoke(
            "CancelShipmentFunction",
            compensation_retry,
            result_path="$.compensation",
            Next="RefundPayment",
            Catch=on_compensation_error,
        ),
        "RefundPayment": invoke(
            "RefundFunction",
            compensation_retry,
            result_path="$.compensation",
            Next="ReleaseInventory",
            Catch=on_compensation_error,
        ),
        "ReleaseInventory": invoke(
            "ReleaseFunction",
            compensation_retry,
            result_path="$.compensation",
            Next=failed,
            Catch=on_compensation_error,
        ),
    }
    if table:
        states["RecordCompleted"] = _record_status(table, "COMPLETED", "OrderCompleted")
        states["RecordFailed"] = _record_status(table, "COMPENSATED", "OrderFailed")
    states["OrderCompleted"] = {"Type": "Succeed"}
    states["OrderFailed"] = {
        "Type": "Fail",
        "Comment": practice("fail_state"),
        "Error": "OrderFailed",
        "Cause": "A step failed and the completed steps were compensated",
    }
    states["CompensationFailed"] = {
        "Type": "Fail",
        "Comment": "A compensation failed after its retries: alarm on this and repair by hand",
        "Error": "CompensationFailed",
        "Cause": "A compensating transaction could not complete",
    }
    return {
        "Comment": "Order saga: reserve inventory, process payment, ship; compensate in reverse on failure",
        "StartAt": "ReserveInventory",
        "States": states,
    }


def fan_in(values: Mapping[str, ParameterValue], dlq: str | None) -> dict[str, Any]:
    """Process a file's chunks in parallel (Map state), then aggregate the partial results."""
    retry = retry_policy(3, 2, Decimal("2.0"))
    on_error = "RecordFailure" if dlq else "FileFailed"
    states: dict[str, Any] = {
        "ProcessChunks": {
            "Type": "Map",
            "Comment": "One iteration per byte range, listed by the orchestrator",
            "ItemsPath": "$.chunks",
            "MaxConcurrency": int(values["chunks_per_file"]),
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "ProcessChunk",
                "States": {"ProcessChunk": invoke("ChunkFunction", retry, OutputPath="$.result", End=True)},
            },
            "ResultPath": "$.results",
            "Catch": [catch(on_error)],
            "Next": "Aggregate",
        },
        "Aggregate": invoke("AggregateFunction", retry, Catch=[catch(on_error)], End=True),
        "FileFailed": {"Type": "Fail", "Error": "FileFailed", "Cause": "A chunk or the aggregation failed"},
    }
    if dlq:
        states["RecordFailure"] = {
            "Type": "Task",
            "Comment": "Keep the failed file's input and error in the dead-letter queue",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": Ref(dlq, "url"), "MessageBody.$": "$"},
            "Next": "FileFailed",
        }
    return {
        "Comment": "Fan-in: process a large file's chunks in parallel, then merge the results",
        "StartAt": "ProcessChunks",
        "States": states,
    }


def scheduled_task(topic: str | None) -> dict[str, Any]:
    """Run the task function with retries; notify the topic of success or failure."""
    retry = retry_policy(3, 2, Decimal("2.0"))
    states: dict[str, Any] = {
        "RunTask": invoke(
            "TaskFunction",
            retry,
            result_path="$.task",
            Next="NotifySuccess" if topic else "Done",
            Catch=[catch("NotifyFailure" if topic else "RunFailed")],
        ),
    }
    if topic:
        for name, outcome, after in (
            ("NotifySuccess", "succeeded", "Done"),
            ("NotifyFailure", "failed", "RunFailed"),
        ):
            states[name] = {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                "Parameters": {
                    "TopicArn": Ref(topic),
                    "Subject": f"Scheduled task {outcome}",
                    "Message.$": "$",
                },
                "ResultPath": None,
                "Next": after,
            }
    states["Done"] = {"Type": "Succeed"}
    states["RunFailed"] = {
        "Type": "Fail",
        "Error": "TaskFailed",
        "Cause": "The scheduled task failed after retries",
    }
    return {"Comment": "Scheduled task with retries and notification", "StartAt": "RunTask", "States": states}


def with_placeholders(value: Any) -> Any:
    """The definition with every `Ref` replaced by its `${Name}` placeholder string."""
    if isinstance(value, Ref):
        return "${" + value.placeholder + "}"
    if isinstance(value, dict):
        return {key: with_placeholders(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_placeholders(item) for item in value]
    return value


def refs_in(value: Any) -> list[Ref]:
    """Every `Ref` in the definition, once each, in the order they appear."""
    return list(dict.fromkeys(_all_refs(value)))


def _all_refs(value: Any) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _all_refs(item)


def to_json(definition: dict[str, Any]) -> str:
    """The standalone ASL document, with `${Name}` placeholders for the deployed ARNs."""
    return json.dumps(with_placeholders(definition), indent=2, default=_number) + "\n"


def _number(value: Any) -> float:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot write {type(value).__name__} in ASL")

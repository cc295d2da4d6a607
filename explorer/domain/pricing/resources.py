"""A deployment's monthly cost: every deployed resource priced by its type.

`price_deployment(deployment, labels=...)` walks the resources of one configured pattern
(`explorer.domain.deployment`) and prices each with the service calculators from the usage
the pattern module derived for it: a function by its invocations and duration, a queue by
its requests, a table by its request units, a state machine by the transitions of its own
definition. There is no per-pattern cost code: what the template deploys is what is priced,
and a resource the catalog cannot price, or that costs nothing by itself, gets a note saying
so. Every line item names the resource it prices (`LineItem.resource`) and the diagram node
that draws it (`LineItem.node`).

Two things are derived from the resources rather than deployed by hand: the CloudWatch log
groups every function, state machine and API stage writes to (one line for all of them) and
X-Ray traces when tracing is on. Assumptions no parameter settles are the constants below,
each repeated in the estimate's notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from typing import Any

from explorer.domain import workflows
from explorer.domain.deployment import (
    Alarm,
    Api,
    Bucket,
    Cache,
    CloudFrontFunction,
    Database,
    Deployment,
    Distribution,
    Firehose,
    Function,
    Queue,
    Ref,
    Resource,
    Schedule,
    SearchDomain,
    StateMachine,
    Stream,
    StreamConsumer,
    Table,
    Topic,
    WebAcl,
    WebSocketApi,
)
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import Estimate, Usage, format_money, format_quantity, price_usages
from explorer.domain.pricing.services import (
    KB_PER_GB,
    MONTH_HOURS,
    api_gateway_http_cost,
    api_gateway_rest_cost,
    api_gateway_websocket_cost,
    cloudfront_cost,
    cloudfront_functions_cost,
    cloudwatch_alarms_cost,
    cloudwatch_logs_cost,
    data_transfer_out_cost,
    dynamodb_cost,
    dynamodb_provisioned_cost,
    elasticache_serverless_cost,
    eventbridge_cost,
    firehose_cost,
    kinesis_data_streams_cost,
    kms_cost,
    lambda_at_edge_cost,
    lambda_cost,
    opensearch_cost,
    rds_instance_cost,
    rds_instance_vcpus,
    rds_proxy_cost,
    s3_cost,
    ses_cost,
    sns_cost,
    sqs_cost,
    step_functions_express_cost,
    step_functions_standard_cost,
    waf_cost,
    xray_cost,
)

# --- assumptions the parameters leave open -------------------------------------------------------

# Every Lambda invocation writes about 1 KB to CloudWatch Logs: the START, END and REPORT lines
# are about 300 bytes; the rest is the function's own structured logging.
LOG_KB_PER_INVOCATION = Decimal(1)
# An API access log line in the stage's JSON format (request id, source IP, status, latency)
# is about 150 bytes.
ACCESS_LOG_KB = Decimal("0.15")
# A state machine log event (execution started, task failed, ...) is about 1 KB with its data.
STATE_LOG_KB = Decimal(1)
# Express workflows are billed at 64 MB of memory per execution
# (https://aws.amazon.com/step-functions/pricing/: "billed ... in 64-MB chunks").
EXPRESS_MEMORY_MB = 64
# X-Ray's default sampling rule records the first request each second and 5% of the rest
# (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html).
XRAY_RESERVOIR_PER_SECOND = Decimal(1)
XRAY_FIXED_RATE = Decimal("0.05")


@dataclass
class Accounting:
    """The usages and notes of one deployment's estimate, built resource by resource.

    `accounted` says, for every resource id, whether it was priced or explained in a note,
    so a test can prove that nothing deployed is silently left out.
    """

    deployment: Deployment
    labels: Mapping[str, str]
    usages: list[Usage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    log_kb: dict[str, Decimal] = field(default_factory=dict)  # log group id -> KB a month
    accounted: dict[str, str] = field(default_factory=dict)  # resource id -> "priced" or "noted"

    def label(self, resource: Resource) -> str:
        return self.labels.get(resource.node, resource.id)

    def add(self, resource: Resource, usages: Iterable[Usage], item: str = "") -> None:
        """The usages of one resource, labelled "<node label>: <what is metered>"."""
        catalog = load_catalog()
        self.accounted[resource.id] = "priced"
        parts = [part for part in self.deployment.parts if part.of == resource.id and part.meters]
        for usage in usages:
            what = item or usage.item or catalog.rate(usage.rate).description
            # A part that draws what this usage meters (an API's cache, a database's proxy) labels it.
            node = next((part.node for part in parts if usage.rate.startswith(part.meters)), resource.node)
            label = self.labels.get(node, resource.id)
            self.usages.append(replace(usage, item=f"{label}: {what}", node=node, resource=resource.id))

    def note(self, resource: Resource, text: str) -> None:
        self.accounted.setdefault(resource.id, "noted")
        self.notes.append(f"{self.label(resource)}: {text}")

    def log(self, owner: str, kb: Decimal) -> None:
        group = next((g.id for g in self.deployment.log_groups() if g.owner == owner), "")
        if group:
            self.log_kb[group] = self.log_kb.get(group, Decimal(0)) + kb


def _ceil(value: Decimal) -> Decimal:
    return Decimal(value).to_integral_value(rounding=ROUND_CEILING)


# --- one pricer per resource type ---------------------------------------------------------------


def _function(p: Accounting, fn: Function) -> None:
    count, duration = _ceil(fn.usage.count), _ceil(max(fn.usage.duration_ms, Decimal(1)))
    if fn.edge:
        p.add(fn, lambda_at_edge_cost(requests=count, duration_ms=duration, memory_mb=fn.memory_mb))
        p.note(
            fn,
            "its logs go to CloudWatch Logs in each Region where it runs (log groups Lambda creates, not"
            " the template); they are not priced.",
        )
        return
    p.add(
        fn,
        lambda_cost(
            requests=count, duration_ms=duration, memory_mb=fn.memory_mb, architecture=fn.architecture
        ),
    )
    p.log(fn.id, count * LOG_KB_PER_INVOCATION)


def _queue(p: Accounting, queue: Queue) -> None:
    if not queue.usage:
        p.note(queue, "costs nothing until messages fail; each failed message then adds a few SQS requests.")
        return
    kind = "fifo" if queue.fifo else "standard"
    for call in queue.usage:
        p.add(
            queue,
            sqs_cost(requests=_ceil(call.calls), message_size_kb=call.payload_kb, queue_type=kind),
            item=f"{call.what} requests",
        )


def _table(p: Accounting, table: Table) -> None:
    traffic = table.usage
    if table.billing_mode == "provisioned":
        p.add(
            table,
            dynamodb_provisioned_cost(
                write_capacity_units=table.write_capacity,
                read_capacity_units=table.read_capacity,
                storage_gb=traffic.storage_gb,
            ),
        )
        p.note(
            table,
            f"provisioned at {table.read_capacity} read and {table.write_capacity} write capacity units,"
            " billed by the hour whatever the traffic.",
        )
        if table.autoscaled:
            # Application Auto Scaling has no charge of its own; its CloudWatch alarms are AWS's.
            # https://aws.amazon.com/autoscaling/pricing/
            p.note(
                table,
                f"auto scaling costs nothing itself, but may raise capacity up to {table.max_read_capacity}"
                f" read and {table.max_write_capacity} write units when traffic outgrows the provisioned"
                " units; the estimate prices the provisioned units, the minimum.",
            )
        return
    p.add(
        table,
        dynamodb_cost(
            write_request_units=_ceil(traffic.writes),
            read_request_units=_ceil(traffic.reads),
            storage_gb=traffic.storage_gb,
        ),
    )


def _bucket(p: Accounting, bucket: Bucket) -> None:
    traffic = bucket.usage
    p.add(
        bucket,
        s3_cost(
            storage_gb=traffic.storage_gb, put_requests=_ceil(traffic.puts), get_requests=_ceil(traffic.gets)
        ),
    )
    if bucket.versioning:
        p.note(
            bucket,
            "versioning keeps an overwritten or deleted object's old version, deleted"
            f" {bucket.noncurrent_expiry_days} days later by a lifecycle rule; the objects here are written"
            " once (the usage assumes it), so no old versions are priced.",
        )


# SNS reuses a data key for up to 5 minutes and makes 2 KMS requests per reuse period and
# publishing principal: R = B / D x 2P (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
SNS_DATA_KEY_REUSE_S = 300
SNS_KMS_REQUESTS_PER_PUBLISHER = MONTH_HOURS * 3600 / SNS_DATA_KEY_REUSE_S * 2
# Rotations a KMS key is charged for at most, by AWS's security blog (April 2024); the pricing
# page read charges every rotation (see prices.yaml's kms.keys notes).
KMS_CHARGED_ROTATIONS = 2


def _topic(p: Accounting, topic: Topic) -> None:
    usage = topic.usage
    p.add(
        topic,
        sns_cost(
            publishes=_ceil(usage.count),
            message_size_kb=usage.message_kb,
            email_deliveries=_ceil(usage.email_deliveries),
        ),
    )
    p.note(topic, "deliveries to Lambda and SQS subscribers carry no SNS charge.")
    if topic.key_id:
        p.add(topic, kms_cost(keys=1))
        key_month = load_catalog().rate("kms.keys").tiers[0].price
        p.note(
            topic,
            "its customer managed KMS key is priced for its first year. Each yearly rotation adds"
            f" {format_money(key_month)} a month, up to {format_money(key_month * (1 + KMS_CHARGED_ROTATIONS))}"
            f" a month after {KMS_CHARGED_ROTATIONS} rotations (AWS's pricing page sets no limit; its"
            " security blog of April 2024 does). The KMS requests SNS makes (at most about"
            f" {format_quantity(SNS_KMS_REQUESTS_PER_PUBLISHER)} a month per publisher, as SNS reuses a"
            f" data key for {SNS_DATA_KEY_REUSE_S // 60} minutes) are not priced and fall within the"
            " 20,000 free a month unless the account makes many others.",
        )


def _stream(p: Accounting, stream: Stream) -> None:
    traffic = stream.usage
    fan_out = [c for c in p.deployment.of_type(StreamConsumer) if c.stream == stream.id]
    p.add(
        stream,
        kinesis_data_streams_cost(
            mode="on_demand" if stream.on_demand else "provisioned",
            shards=stream.shards,
            records_per_second=traffic.records_per_second,
            record_size_kb=traffic.record_kb,
            retention_hours=stream.retention_hours,
            enhanced_fan_out_consumers=len(fan_out),
            standard_consumers=traffic.standard_consumers,
        ),
    )


def _stream_consumer(p: Accounting, consumer: StreamConsumer) -> None:
    p.note(consumer, "the enhanced fan-out consumer is priced with its stream.")


def _state_machine(p: Accounting, machine: StateMachine) -> None:
    usage = machine.usage
    walks = [
        (
            path,
            workflows.walk(
                machine.definition,
                failing_state=path.failing_state,
                error=path.error,
                map_items=usage.map_items,
            ),
        )
        for path in usage.paths
    ]
    transitions = sum((path.share * walk.transitions for path, walk in walks), Decimal(0))
    failed_share = sum((path.share for path, walk in walks if walk.failed), Decimal(0))
    if machine.express:
        p.add(
            machine,
            step_functions_express_cost(
                requests=_ceil(usage.count), duration_ms=_ceil(usage.duration_ms), memory_mb=EXPRESS_MEMORY_MB
            ),
        )
        # Express logs ALL: about two events per state (entered, exited) and two per execution.
        p.log(machine.id, usage.count * (2 * transitions + 2) * STATE_LOG_KB)
        return
    p.add(machine, step_functions_standard_cost(state_transitions=_ceil(usage.count * transitions)))
    # Standard logs at ERROR level: a failed execution logs its failed task and its end.
    p.log(machine.id, usage.count * failed_share * 2 * STATE_LOG_KB)
    paths = "; ".join(
        f"{format_quantity(path.share * 100)}% {path.description} ({walk.transitions} transitions)"
        for path, walk in walks
    )
    p.note(machine, f"transitions follow the generated definition: {paths}.")


def _alarm(p: Accounting, alarm: Alarm) -> None:
    p.accounted[alarm.id] = "priced"  # on one line for all alarms, see _alarms


def _alarms(p: Accounting) -> None:
    """One line for every CloudWatch alarm the deployment creates."""
    alarms = p.deployment.of_type(Alarm)
    if not alarms:
        return
    node = p.deployment.monitoring_node or alarms[0].node
    names = ", ".join(alarm.id for alarm in alarms)
    catalog = load_catalog()
    for usage in cloudwatch_alarms_cost(alarms=len(alarms)):
        what = catalog.rate(usage.rate).description
        p.usages.append(
            replace(
                usage,
                item=f"{p.labels.get(node, 'CloudWatch')}: {what} ({names})",
                derivation=f"{len(alarms)} alarm{'s' if len(alarms) > 1 else ''} x 1 month"
                f" = {len(alarms)} alarm-month{'s' if len(alarms) > 1 else ''}",
                node=node,
                resource=names,
            )
        )


def _schedule(p: Accounting, schedule: Schedule) -> None:
    if schedule.use_scheduler:
        p.add(schedule, eventbridge_cost(custom_events=0, scheduler_invocations=_ceil(schedule.runs)))
    else:
        p.note(schedule, "scheduled rules on the default event bus cost nothing.")


def _behind_cloudfront(p: Accounting, api_id: str) -> bool:
    return any(
        isinstance(d.origin_ref, Ref) and d.origin_ref.target == api_id
        for d in p.deployment.of_type(Distribution)
    )


def _api(p: Accounting, api: Api) -> None:
    traffic = api.usage
    requests = _ceil(traffic.requests)
    if api.rest:
        cache = api.cache_size_gb if api.cache_ttl_s is not None else "0"
        p.add(
            api,
            api_gateway_rest_cost(
                requests=requests, cache_size_gb=cache, cache_hours=load_catalog().hours_per_month
            ),
        )
    else:
        p.add(api, api_gateway_http_cost(requests=requests, request_size_kb=traffic.request_kb))
    if _behind_cloudfront(p, api.id):
        p.note(api, "responses go to CloudFront, which pays no data transfer out from the origin.")
    else:
        p.add(api, data_transfer_out_cost(gb=requests * traffic.response_kb / KB_PER_GB))
    p.log(api.id, requests * ACCESS_LOG_KB)


def _websocket_api(p: Accounting, api: WebSocketApi) -> None:
    traffic = api.usage
    p.add(
        api,
        api_gateway_websocket_cost(
            messages=_ceil(traffic.messages),
            message_size_kb=traffic.message_kb,
            connection_minutes=_ceil(traffic.connection_minutes),
        ),
    )
    p.add(api, data_transfer_out_cost(gb=traffic.sent * traffic.message_kb / KB_PER_GB))
    p.log(api.id, (traffic.messages + 2 * traffic.connections) * ACCESS_LOG_KB)


def _distribution(p: Accounting, dist: Distribution) -> None:
    p.add(
        dist,
        cloudfront_cost(requests=_ceil(dist.usage.requests), data_transfer_gb=dist.usage.data_transfer_gb),
    )


def _cloudfront_function(p: Accounting, fn: CloudFrontFunction) -> None:
    p.add(fn, cloudfront_functions_cost(invocations=_ceil(fn.usage.count)))


def _web_acl(p: Accounting, acl: WebAcl) -> None:
    rules = len(acl.managed_rules) + 1  # the managed rule groups and the rate-based rule
    p.add(acl, waf_cost(web_acls=1, rules=rules, requests=_ceil(acl.inspected_requests)))


def _firehose(p: Accounting, hose: Firehose) -> None:
    usage = hose.usage
    # Firehose meters each record rounded up to the next 5 KB (https://aws.amazon.com/firehose/pricing/).
    gb = usage.records * _ceil(usage.record_kb / 5) * 5 / KB_PER_GB
    p.add(hose, firehose_cost(ingested_gb=gb))
    p.note(hose, "each record is metered rounded up to 5 KB.")


def _search_domain(p: Accounting, domain: SearchDomain) -> None:
    p.add(
        domain,
        opensearch_cost(
            instance_type=domain.instance_type, instances=domain.instances, storage_gb=domain.storage_gb
        ),
    )
    p.note(domain, "the domain runs all month whatever the traffic; search requests cost nothing extra.")


def _database(p: Accounting, db: Database) -> None:
    p.add(
        db,
        rds_instance_cost(instance_class=db.instance_class, multi_az=db.multi_az, storage_gb=db.storage_gb),
    )
    p.add(db, rds_proxy_cost(vcpus=rds_instance_vcpus(db.instance_class)), item="RDS Proxy vCPU-hours")
    p.note(db, "the instance and its proxy run all month whatever the traffic.")


def _cache(p: Accounting, cache: Cache) -> None:
    usage = cache.usage
    p.add(
        cache,
        elasticache_serverless_cost(engine="valkey", data_stored_gb=usage.data_stored_gb, ecpus=usage.ecpus),
    )


PRICERS: dict[type[Any], Callable[[Accounting, Any], None]] = {
    Function: _function,
    Queue: _queue,
    Table: _table,
    Bucket: _bucket,
    Topic: _topic,
    Stream: _stream,
    StreamConsumer: _stream_consumer,
    StateMachine: _state_machine,
    Alarm: _alarm,
    Schedule: _schedule,
    Api: _api,
    WebSocketApi: _websocket_api,
    Distribution: _distribution,
    CloudFrontFunction: _cloudfront_function,
    WebAcl: _web_acl,
    Firehose: _firehose,
    SearchDomain: _search_domain,
    Database: _database,
    Cache: _cache,
}


# --- what the resources imply ---------------------------------------------------------------------


def _logs(p: Accounting) -> None:
    """One CloudWatch Logs line for every log group the resources write to."""
    groups = {group.id: group for group in p.deployment.log_groups()}
    written = {group_id: kb for group_id, kb in p.log_kb.items() if kb}
    if not written:
        return
    ingested = sum(written.values(), Decimal(0)) / KB_PER_GB
    stored = sum((kb * groups[g].retention_days / 30 for g, kb in written.items()), Decimal(0)) / KB_PER_GB
    label = p.labels.get(p.deployment.monitoring_node, "CloudWatch Logs")
    resource = ", ".join(written)
    catalog = load_catalog()
    for usage in cloudwatch_logs_cost(ingested_gb=ingested, stored_gb=stored):
        what = usage.item or catalog.rate(usage.rate).description
        p.usages.append(
            replace(usage, item=f"{label}: {what}", node=p.deployment.monitoring_node, resource=resource)
        )
    p.notes.append(
        f"Assumed: each Lambda invocation logs {format_quantity(LOG_KB_PER_INVOCATION)} KB and each API access"
        f" log line is {format_quantity(ACCESS_LOG_KB)} KB; storage is the steady state for each log group's"
        " retention (uncompressed)."
    )


def _trace_roots(deployment: Deployment) -> Iterator[tuple[str, Decimal]]:
    """Traced resources that start a trace, with how many requests each starts.

    A function called synchronously by a traced API (a route or its authorizer) or by a traced
    state machine is part of its caller's trace; anything else traced starts its own.
    """
    inside: set[str] = set()
    for api in deployment.of_type(Api):
        if api.tracing:
            inside.update(route.function for route in api.routes)
            inside.update([api.authorizer] if api.authorizer else [])
    for machine in deployment.of_type(StateMachine):
        if machine.tracing:
            inside |= workflows.tasks_called(machine.definition)
    for api in deployment.of_type(Api):
        if api.tracing:
            yield api.id, api.usage.requests
    for machine in deployment.of_type(StateMachine):
        if machine.tracing:
            yield machine.id, machine.usage.count
    for fn in deployment.of_type(Function):
        if fn.tracing and fn.id not in inside:
            yield fn.id, fn.usage.count


def _traces(p: Accounting) -> None:
    roots = {root: requests for root, requests in _trace_roots(p.deployment) if requests}
    requests = sum(roots.values(), Decimal(0))
    if not requests:
        return
    # The reservoir's traces over the month, then the fixed rate of the rest; counted in requests
    # rather than per second, so that no division leaves 300,000.000...1 to round up.
    reservoir = XRAY_RESERVOIR_PER_SECOND * load_catalog().hours_per_month * 3600
    traces = _ceil(min(requests, reservoir) + max(requests - reservoir, Decimal(0)) * XRAY_FIXED_RATE)
    label = p.labels.get(p.deployment.tracing_node, "AWS X-Ray")
    catalog = load_catalog()
    for usage in xray_cost(traces_recorded=traces, traces_scanned=0):
        what = usage.item or catalog.rate(usage.rate).description
        p.usages.append(
            replace(usage, item=f"{label}: {what}", node=p.deployment.tracing_node, resource=", ".join(roots))
        )
    p.notes.append(
        f"Assumed: X-Ray's default sampling (1 request a second and 5% of the rest) records"
        f" {format_quantity(traces)} of {format_quantity(_ceil(requests))} traced requests; no traces are scanned."
    )


def account_deployment(deployment: Deployment, *, labels: Mapping[str, str] | None = None) -> Accounting:
    """What every resource of `deployment` meters, or the note that explains why it is not priced.

    `labels` name the diagram nodes (node id -> label) for the line items; a resource whose
    node has no label is named by its logical id.
    """
    pricing = Accounting(deployment, labels or {})
    for resource in deployment.resources:
        PRICERS[type(resource)](pricing, resource)
    _alarms(pricing)
    _logs(pricing)
    _traces(pricing)
    for external in deployment.externals:
        label = pricing.labels.get(external.node, external.node)
        pricing.notes.append(f"{label}: {external.note}")
        if external.emails:
            catalog = load_catalog()
            for usage in ses_cost(emails=_ceil(external.emails)):
                what = usage.item or catalog.rate(usage.rate).description
                pricing.usages.append(
                    replace(usage, item=f"{label}: {what}", node=external.node, resource=external.used_by)
                )
    pricing.notes = list(dict.fromkeys([f"Assumed: {note}" for note in deployment.notes] + pricing.notes))
    return pricing


def price_deployment(
    deployment: Deployment, *, labels: Mapping[str, str] | None = None, free_tier: bool = True
) -> Estimate:
    """The monthly estimate of everything `deployment` deploys, priced together (one free tier)."""
    pricing = account_deployment(deployment, labels=labels)
    return price_usages(pricing.usages, free_tier=free_tier, notes=pricing.notes)

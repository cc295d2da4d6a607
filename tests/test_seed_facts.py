"""Every fact, figure and example of the seed document appears on a page.

The seed is ../shared/seed/serverless-patterns.md. Each entry names the page that must
carry the fact and a regular expression for it, matched against the page's visible text
(tags stripped, lower-cased, dashes unified, thousands separators removed), so rewording
is free but dropping a figure fails.
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SEED_FACTS: dict[str, list[str]] = {
    "/patterns/api-backend/": [
        r"restful api", r"graphql", r"mobile backend",
        r"cloudfront", r"waf", r"dynamodb", r"\brds\b", r"cloudwatch", r"x-ray",
        r"routing", r"throttling", r"api keys", r"cors",
        r"pay_per_request", r"proxy integration", r"lambda authorizer",
        r"\b60\s*(-|to)\s*3600\s*(s|seconds)", r"burst", r"rate",
        r"elasticache", r"on-demand", r"exponential backoff",
        r"10m requests|10000000 requests|10 million requests", r"200 ?ms",
        r"\$2\.40", r"\$35", r"\$5\b", r"~\$?42",
    ],
    "/patterns/event-driven-processing/": [
        r"file upload processing", r"etl pipeline", r"data transformation",
        r"objectcreated", r"objectremoved",
        r"pars\w* csv|csv pars", r"resiz\w* images?|image resiz", r"transcod\w* video|video transcod",
        r"dead[- ]letter queue", r"\bsns\b", r"thumbnail", r"metadata extraction", r"virus scan",
        r"orchestrator", r"step functions", r"chunk 1", r"aggregate",
        r"batch operations", r"idempotent", r"duplicate", r"prefix", r"suffix",
        r"15 min", r"layers?", r"pillow", r"ffmpeg",
        r"1m uploads|1000000 uploads|1 million uploads", r"5 ?s\b|5 seconds",
        r"\$30", r"\$23", r"~\$?53",
    ],
    "/patterns/scheduled-tasks/": [
        r"backup automation", r"report generation", r"data aggregation",
        re.escape("rate(5 minutes)"), re.escape("cron(0 12 * * ? *)"), re.escape("cron(0 0 ? * mon *)"),
        re.escape("cron(0 2 * * ? *)"), re.escape("rate(1 hour)"),
        r"noon", r"utc", r"monday", r"midnight",
        r"create_db_snapshot", r"prod-db", re.escape("strftime('%y%m%d')"),
        r"date-based|based on the date", r"cloudwatch alarm", r"exponential backoff", r"step functions",
        r"\b24\b", r"hourly", r"\$0\.01", r"eventbridge", r"<\s*\$0\.01",
    ],
    "/patterns/stream-processing/": [
        r"real-time analytics", r"clickstream", r"iot",
        r"elasticsearch", r"opensearch", r"1 mb/s", r"1000 records",
        r"1\s*(-|to)\s*10000", r"firehose", r"redshift",
        r"base64", r"batchitemfailures", r"sequencenumber",
        r"bisect", r"0\s*(-|to)\s*300", r"iterator ?age", r"enhanced fan-out",
    ],
    "/patterns/async-messaging/": [
        r"order processing", r"background jobs", r"rate limiting",
        r"at-least-once", r"unlimited", r"exactly-once", r"3000", r"order",
        r"1\s*(-|to)\s*10\b", r"messageid", r"visibility timeout", r"3\s*(-|to)\s*5",
        r"approximateageofoldestmessage", r"exponential backoff", r"dead[- ]letter queue|\bdlq\b",
    ],
    "/patterns/saga/": [
        r"multi-step workflows", r"order fulfill?ment", r"payment processing",
        r"reserve inventory", r"process payment", r"ship order", r"compensat",
        r"reserveinventory", r"processpayment", r"shiporder", r"releaseinventory",
        r"states\.all", r"paymentfailed", re.escape('"resultpath": "$.error"'),
        r"dynamodb", r"retry", r"execution history",
    ],
    "/patterns/edge-functions/": [
        r"url rewrit", r"a/b testing", r"geolocation",
        r"viewer request", r"origin response", r"ecmascript 5\.1", r"node\.js", r"python",
        r"<\s*1 ?ms", r"5 ?s\b.{0,20}viewer|viewer.{0,40}5 ?s\b", r"30 ?s\b.{0,20}origin|origin.{0,40}30 ?s\b",
        r"headers", r"auth", r"image resiz", r"\$0\.10", r"\$0\.60",
        re.escape("math.random() < 0.5"), r"index-b\.html",
    ],
    "/patterns/websocket-api/": [
        r"chat", r"live dashboards?", r"collaborative editing",
        re.escape("$connect"), re.escape("$disconnect"), re.escape("$default"),
        r"connectionid", r"post_to_connection", r"apigatewaymanagementapi",
        r"ttl", r"2 hours", r"stale connection", r"authori[sz]", r"\bsqs\b", r"connection count", r"message rate",
    ],
    "/components/lambda/": [r"15 min", r"900", r"10240 mb", r"128 mb"],
    "/components/api-gateway/": [r"29 s|29 seconds", r"websocket", r"http api", r"rest api"],
    "/components/kinesis-data-streams/": [r"1 mb/s|1 mib/s", r"1000 records", r"enhanced fan-out"],
    "/components/sqs/": [r"fifo", r"visibility timeout", r"maxreceivecount|max receive count"],
}  # fmt: skip


def visible_text(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-").replace("\u00a0", " ")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.parametrize("url", list(SEED_FACTS))
def test_every_seed_fact_is_on_its_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response.text)

    missing = [fact for fact in SEED_FACTS[url] if not re.search(fact, text)]

    assert missing == []

"""Function code: Python Lambda handlers (src/app.py) and the CloudFront Function.

Code lives in `templates/` as plain files with `$name` placeholders (string.Template), so
it reads as the code it becomes. A pattern's module is the shared header plus the pieces
its configuration needs; the function names in it are the `Handler: app.<name>` values of
the SAM and Terraform snippets.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from string import Template

from explorer.domain.content.schema import ParameterValue

TEMPLATES = files("explorer.domain.snippets") / "templates"


@cache
def _template(name: str) -> Template:
    # Read once per process: the files ship with the package and never change while it runs.
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def piece(name: str, **values: object) -> str:
    """One template file with its placeholders filled in."""
    return _template(name).substitute({key: str(value) for key, value in values.items()})


def _pieces(slug: str, v: Mapping[str, ParameterValue]) -> list[str]:
    if slug == "api-backend":
        note = " (behind the ElastiCache cache-aside lookup)" if v["elasticache_enabled"] else ""
        pieces = [piece("api_backend.py.tmpl", cache_note=note)]
        return [*pieces, piece("authorizer.py.tmpl")] if v["authorizer_enabled"] else pieces
    if slug == "async-messaging":
        return [
            piece("async_messaging.py.tmpl"),
            piece("sqs_batch.py.tmpl", handler="consume", process="process_order"),
        ]
    if slug == "stream-processing":
        return [piece("kinesis.py.tmpl")]
    if slug == "event-driven-processing":
        variant = {"single": "event_single", "fan-out": "event_fanout", "fan-in": "event_fanin"}[
            str(v["variant"])
        ]
        return [piece("s3_event.py.tmpl"), piece(f"{variant}.py.tmpl", chunks=v["chunks_per_file"])]
    if slug == "websocket-api":
        pieces = [piece("websocket.py.tmpl", ttl_seconds=int(v["connection_ttl_hours"]) * 3600)]
        if v["broadcast_via_sqs"]:
            pieces += [
                piece("websocket_queue.py.tmpl"),
                piece("sqs_batch.py.tmpl", handler="broadcast", process="send_broadcast"),
            ]
        else:
            pieces.append(piece("websocket_direct.py.tmpl"))
        return [*pieces, piece("authorizer.py.tmpl")] if v["authorizer_enabled"] else pieces
    if slug == "saga":
        return [piece("saga.py.tmpl")]
    if slug == "scheduled-tasks":
        return [piece("scheduled.py.tmpl")]
    raise KeyError(slug)


def handler_module(slug: str, title: str, values: Mapping[str, ParameterValue]) -> str:
    """The pattern's src/app.py: every Lambda handler of this configuration.

    The edge pattern's Lambda@Edge function is a module of its own, with no SDK and its
    settings baked in (Lambda@Edge has no environment variables).
    """
    if slug == "edge-functions":
        return piece("edge.py.tmpl", event_type=values["event_type"], split=values["ab_split_percent"])
    return piece("header.py.tmpl", title=title) + "".join(_pieces(slug, values))


def cloudfront_function(values: Mapping[str, ParameterValue]) -> str:
    """The CloudFront Function for the configured viewer event, honouring ab_split_percent."""
    name = (
        "cloudfront_response.js.tmpl"
        if values["event_type"] == "viewer-response"
        else "cloudfront_request.js.tmpl"
    )
    return piece(name, split=values["ab_split_percent"])

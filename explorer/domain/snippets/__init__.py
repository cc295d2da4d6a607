"""Configuration snippets: one configured pattern -> deployable text, checked before it is written.

`generate(spec, params, fmt)` is the one entry point: it refuses a configuration that
breaks a hard limit (`SnippetError` carries the `CheckResult`), builds the pattern's
blueprint and renders it. `formats_for(spec, params)` lists the formats this configuration
has, in tab order; `FORMATS` describes each (label, file name, Pygments lexer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from explorer.domain.content.schema import PatternSpec
from explorer.domain.deployment import CloudFrontFunction, Function, Schedule, StateMachine
from explorer.domain.params import Params, resolve_params
from explorer.domain.params import format_value as _format_value
from explorer.domain.patterns.registry import pattern_module
from explorer.domain.rules import CheckResult, Violation, check
from explorer.domain.snippets import asl, cdk, cdk_python, cdk_typescript, code, sam, schedule, terraform


@dataclass(frozen=True)
class SnippetFormat:
    name: str
    label: str
    filename: str
    lexer: str  # a Pygments lexer name


FORMATS: dict[str, SnippetFormat] = {
    "sam": SnippetFormat("sam", "AWS SAM", "template.yaml", "yaml"),
    "terraform": SnippetFormat("terraform", "Terraform", "main.tf", "terraform"),
    "asl": SnippetFormat("asl", "Step Functions (ASL)", "statemachine.asl.json", "json"),
    "schedule": SnippetFormat("schedule", "Schedule", "schedule.txt", "text"),
    "cloudfront-function": SnippetFormat(
        "cloudfront-function", "CloudFront Function", "function.js", "javascript"
    ),
    "handler": SnippetFormat("handler", "Lambda handler (Python)", "src/app.py", "python"),
    "cdk-python": SnippetFormat("cdk-python", "AWS CDK (Python)", "cdk-python/stack.py", "python"),
    "cdk-typescript": SnippetFormat(
        "cdk-typescript", "AWS CDK (TypeScript)", "cdk-typescript/lib/stack.ts", "typescript"
    ),
}


__all__ = [
    "FORMATS",
    "CheckResult",
    "SnippetError",
    "SnippetFormat",
    "Violation",
    "check",
    "formats_for",
    "generate",
    "generate_files",
    "variant_formats",
]


class SnippetError(ValueError):
    """A snippet that cannot be generated: a hard limit is broken, or the format does not apply."""

    def __init__(self, message: str, result: CheckResult | None = None) -> None:
        self.result = result or CheckResult()
        super().__init__(message)


def formats_for(spec: PatternSpec, params: Params) -> list[str]:
    """The formats this configuration of the pattern has, in display order.

    Read off what it deploys: ASL when there is a state machine, the schedule when there is
    one, the CloudFront Function's code, the handlers when any function runs Python, and the
    CDK apps when every resource has a CDK renderer (`cdk.supported`).
    """
    module = pattern_module(spec.slug)
    if module is None:
        return []  # a team's own pattern without a module has content only
    deployment = module.build(params.values)
    found = ["sam", "terraform"]
    if deployment.of_type(StateMachine):
        found.append("asl")
    if deployment.of_type(Schedule):
        found.append("schedule")
    if deployment.of_type(CloudFrontFunction):
        found.append("cloudfront-function")
    if module.handler_pieces and any(fn.runtime.startswith("python") for fn in deployment.of_type(Function)):
        found.append("handler")
    if cdk.supported(deployment):
        found += ["cdk-python", "cdk-typescript"]
    return found


def variant_formats(spec: PatternSpec) -> dict[str, list[str]]:
    """For each variant of the pattern (defaults otherwise), the formats it has."""
    return {
        variant.slug: formats_for(
            spec, resolve_params(spec, {variant.parameter: _format_value(variant.value)})
        )
        for variant in spec.variants
    }


def generate(spec: PatternSpec, params: Params, fmt: str, *, now: datetime | None = None) -> str:
    """The snippet of `fmt` for this configuration.

    Raises `SnippetError` when `check()` finds an error (its `result` lists them, each
    naming the limit) or when the pattern has no such format for these parameters; no
    text is ever produced for a configuration AWS would refuse. `now` fixes the start of
    a schedule's next runs (default: the current time).
    """
    if fmt not in FORMATS:
        raise SnippetError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    available = formats_for(spec, params)
    if fmt not in available:
        raise SnippetError(
            f"{spec.title} has no {fmt} snippet for this configuration; it has: {', '.join(available)}"
        )
    result = check(spec, params)
    if result.errors:
        limits = "; ".join(f"{error.limit_name}: {error.message}" for error in result.errors)
        raise SnippetError(f"this configuration breaks an AWS limit: {limits}", result)
    values = params.values
    module = pattern_module(spec.slug)
    assert module is not None  # formats_for found formats
    if fmt == "handler":
        assert module.handler_pieces is not None
        return code.handler_module(
            spec.title, module.handler_pieces(values), standalone=module.standalone_handler
        )
    if fmt == "schedule":
        return schedule.render(values, now=now)
    deployment = module.build(values)
    if fmt == "cloudfront-function":
        # One function per event type (the A/B test has a request and a response side), one after
        # the other; each keeps the header comment that names its event.
        return "\n".join(function.code for function in deployment.of_type(CloudFrontFunction))
    if fmt == "asl":
        (machine,) = deployment.of_type(StateMachine)
        return asl.to_json(machine.definition)
    if fmt == "sam":
        return sam.render(deployment)
    if fmt == "cdk-python":
        return cdk_python.stack_module(deployment)
    if fmt == "cdk-typescript":
        return cdk_typescript.stack_module(deployment)
    return terraform.render(deployment)


def generate_files(spec: PatternSpec, params: Params, fmt: str) -> dict[str, str]:
    """Every file of `fmt` by its path in the bundle: one for most formats, the whole app for
    the CDK formats (whose tab shows the stack module, `generate`'s text)."""
    text = generate(spec, params, fmt)
    if fmt not in ("cdk-python", "cdk-typescript"):
        return {FORMATS[fmt].filename: text}
    module = pattern_module(spec.slug)
    assert module is not None
    deployment = module.build(params.values)
    return cdk_python.files(deployment) if fmt == "cdk-python" else cdk_typescript.files(deployment)

"""Print a monthly cost estimate for a pattern or a single AWS service."""

from __future__ import annotations

import json
from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from explorer.domain.content.schema import Parameter, ParameterType
from explorer.domain.params import ParamsError, resolve_params
from explorer.domain.pricing.engine import Estimate
from explorer.domain.pricing.estimate import estimate_pattern
from explorer.domain.pricing.report import estimate_json, estimate_table
from explorer.domain.pricing.services import SERVICES, PricingInputError, estimate_service
from explorer.models import Pattern


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """`--set name=value` pairs as a mapping; a pair without '=' or a repeated name is refused."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise CommandError(f"--set expects name=value, got {pair[:60]!r}")
        if name in values:
            raise CommandError(f"--set {name} is given more than once")
        values[name] = value
    return values


def _service_help() -> str:
    lines = ["Services and their parameters (--service NAME --set name=value):"]
    for definition in SERVICES.values():
        lines.append(f"  {definition.name} ({definition.title})")
        lines.extend(f"      {parameter.name}: {parameter.allowed()}" for parameter in definition.parameters)
    return "\n".join(lines)


def _pattern_help() -> str:
    lines = ["Patterns and their parameters (PATTERN --set name=value):"]
    try:
        patterns = list(Pattern.objects.all())
    except DatabaseError:  # --help must work before the database exists
        return "Patterns: run `manage.py migrate` and `manage.py load_content` to list them."
    for pattern in patterns:
        lines.append(f"  {pattern.slug} ({pattern.title})")
        for parameter in pattern.spec().parameters:
            lines.append(f"      {parameter.name}: {_describe(parameter)}")
    return "\n".join(lines)


def _describe(parameter: Parameter) -> str:
    unit = f" {parameter.unit}" if parameter.unit else ""
    if parameter.type is ParameterType.CHOICE:
        allowed = "one of " + ", ".join(choice.value for choice in parameter.choices)
    elif parameter.type in (ParameterType.INT, ParameterType.DECIMAL):
        allowed = f"{parameter.minimum:,} to {parameter.maximum:,}{unit}"
    elif parameter.type is ParameterType.BOOL:
        allowed = "true or false"
    elif parameter.type is ParameterType.CRON:
        allowed = "rate(...) or cron(...)"
    else:
        allowed = f"text, at most {parameter.max_length} characters"
    return f"{allowed} (default {parameter.default})"


class Command(BaseCommand):
    help = (
        "Estimate the monthly AWS cost (us-east-1 list prices) of a pattern, or of one service "
        "with --service. Every line shows its arithmetic."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        parser.epilog = f"{_pattern_help()}\n\n{_service_help()}"
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pattern", nargs="?", help="a pattern slug, e.g. api-backend")
        parser.add_argument("--service", help="estimate one service instead of a pattern, e.g. lambda")
        parser.add_argument(
            "--set",
            dest="assignments",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a parameter value",
        )
        parser.add_argument("--no-free-tier", action="store_true", help="do not apply the always-free tier")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:  # argparse's values
        pattern_slug, service = options["pattern"], options["service"]
        if bool(pattern_slug) == bool(service):
            raise CommandError("give either a pattern or --service NAME (see --help for both lists)")
        values = parse_settings(options["assignments"])
        free_tier = not options["no_free_tier"]
        if service:
            estimate, parameters, subject, heading = self._service(service, values, free_tier)
        else:
            estimate, parameters, subject, heading = self._pattern(pattern_slug, values, free_tier)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(estimate_json(estimate, subject=subject, parameters=parameters), indent=2)
            )
        else:
            self.stdout.write(estimate_table(estimate, heading=heading), ending="")

    def _pattern(
        self, slug: str, values: dict[str, str], free_tier: bool
    ) -> tuple[Estimate, dict, tuple[str, str], str]:
        pattern = Pattern.objects.filter(slug=slug).first()
        if pattern is None:
            known = ", ".join(Pattern.objects.values_list("slug", flat=True))
            raise CommandError(f"unknown pattern {slug!r}; expected one of: {known}")
        spec = pattern.spec()
        try:
            params = resolve_params(spec, values)
        except ParamsError as error:
            raise CommandError(f"bad parameters for {slug}: {error}") from None
        try:
            estimate = estimate_pattern(spec, params.values, free_tier=free_tier)
        except PricingInputError as error:
            raise CommandError(str(error)) from None
        return estimate, dict(params.values), ("pattern", slug), f"{spec.title}: monthly estimate"

    def _service(
        self, name: str, values: dict[str, str], free_tier: bool
    ) -> tuple[Estimate, dict, tuple[str, str], str]:
        try:
            estimate = estimate_service(name, values, free_tier=free_tier)
        except PricingInputError as error:
            raise CommandError(str(error)) from None
        parameters = SERVICES[name].validate(values)
        return estimate, parameters, ("service", name), f"{SERVICES[name].title}: monthly estimate"

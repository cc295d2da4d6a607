"""Write one configuration snippet of a pattern to standard output.

    python manage.py snippet async-messaging --format sam --variant fifo --set batch_size=5

The pattern is read from the database, as the web app reads it; parameters pass through
the same `resolve_params` gate as the form and the API. An unknown pattern, format,
variant or parameter, a value out of bounds, or a combination that breaks an AWS limit
exits non-zero with a message naming it. Practice warnings go to standard error.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from explorer.domain.params import ParamsError, format_value, resolve_params
from explorer.domain.snippets import FORMATS, SnippetError, check, generate
from explorer.models import Pattern


class Command(BaseCommand):
    help = "Write a pattern's configuration snippet (SAM, Terraform, ASL, schedule, handler, CloudFront Function, AWS CDK stack)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pattern", help="pattern slug, e.g. async-messaging")
        parser.add_argument("--format", required=True, dest="fmt", help=f"one of: {', '.join(FORMATS)}")
        parser.add_argument("--variant", default=None, help="a variant slug; sets its parameter")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            dest="assignments",
            metavar="NAME=VALUE",
            help="a parameter value; repeat for several",
        )

    def handle(
        self,
        *args: object,
        pattern: str,
        fmt: str,
        variant: str | None,
        assignments: list[str],
        **options: object,
    ) -> None:
        if fmt not in FORMATS:
            raise CommandError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
        try:
            spec = Pattern.objects.get(slug=pattern).spec()
        except Pattern.DoesNotExist:
            known = ", ".join(Pattern.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"unknown pattern {pattern!r}; patterns: {known}") from None
        raw: dict[str, str] = {}
        if variant is not None:
            chosen = next((item for item in spec.variants if item.slug == variant), None)
            if chosen is None:
                known = ", ".join(item.slug for item in spec.variants) or "none"
                raise CommandError(f"unknown variant {variant!r} of {spec.slug}; variants: {known}")
            raw[chosen.parameter] = format_value(chosen.value)
        for setting in assignments:
            name, equals, value = setting.partition("=")
            if not equals or not name.strip():
                raise CommandError(f"--set expects NAME=VALUE, got {setting!r}")
            raw[name.strip()] = value
        try:
            params = resolve_params(spec, raw)
            text = generate(spec, params, fmt)
        except (ParamsError, SnippetError) as error:
            raise CommandError(str(error)) from None
        for warning in check(spec, params).warnings:
            self.stderr.write(f"warning: {warning.limit_name}: {warning.message} ({warning.source_url})")
        self.stdout.write(text, ending="")

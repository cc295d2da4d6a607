"""The comparison pages: several patterns side by side, and two configurations of one pattern."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from explorer.domain.comparison import compare_configurations, configuration_form, pattern_cost_curve
from explorer.domain.content.schema import PatternSpec
from explorer.domain.params import resolve_params
from explorer.domain.patterns.registry import all_patterns
from explorer.domain.pricing.estimate import has_cost_model
from explorer.domain.snippets import FORMATS, formats_for
from explorer.models import Pattern
from explorer.views.common import HtmxHttpRequest, group_practices, page_url

DEFAULT_EVENTS = 1_000_000
MAX_EVENTS = 10**12


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Two or three patterns side by side: behaviour, components, limits, practices."""
    patterns = {pattern.slug: pattern for pattern in Pattern.objects.for_cards()}
    chosen = request.GET.getlist("patterns")
    error = ""
    if chosen:
        unknown = [slug for slug in chosen if slug not in patterns]
        if unknown:
            error = f"Unknown pattern {unknown[0][:60]!r}; pick from the list."
        elif len(set(chosen)) != len(chosen):
            error = "Each pattern can be picked once."
        elif not 2 <= len(chosen) <= 3:
            error = f"Pick two or three patterns to compare; you picked {len(chosen)}."
    events_text = request.GET.get("events", str(DEFAULT_EVENTS))
    if not error and not (
        events_text.isdigit() and len(events_text) <= 13 and 1 <= int(events_text) <= MAX_EVENTS
    ):
        error = f"events must be a whole number from 1 to {MAX_EVENTS:,}; got {events_text[:40]!r}."
    specs = [] if error else [(patterns[slug], patterns[slug].spec()) for slug in chosen]
    columns = [_comparison_column(pattern, spec) for pattern, spec in specs]
    curve = None
    if columns:
        curve = pattern_cost_curve([spec for _, spec in specs], Decimal(events_text))
        for column, (_, cost) in zip(columns, curve.rows, strict=True):
            column["cost"] = cost
    suggested = [
        {
            "title": title,
            "pattern": patterns[slug],
            "url": f"{reverse('compare_configurations', args=[slug])}?{urlencode(query)}",
        }
        for slug, module in all_patterns().items()
        if slug in patterns
        for title, query in module.comparisons
    ]
    context = {
        "patterns": patterns.values(),
        "chosen": chosen,
        "columns": columns,
        "error": error,
        "suggested": suggested,
        "curve": curve,
        "events": int(events_text) if events_text.isdigit() and len(events_text) <= 13 else DEFAULT_EVENTS,
    }
    return render(request, "compare.html", context, status=400 if error else 200)


@require_safe
@vary_on_headers("HX-Request")
def compare_configurations_view(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Two configurations of one pattern, editable side by side: cost, where costs cross,
    and the snippet diff. htmx updates replace the results and the errors only."""
    pattern = get_object_or_404(Pattern, slug=slug)
    spec = pattern.spec()
    if not has_cost_model(spec) or not formats_for(spec, resolve_params(spec, {})):
        message = (
            f"{spec.title} has no cost model or configuration generator yet, so there is nothing to compare."
        )
        return render(
            request,
            "compare_configurations.html",
            {"pattern": pattern, "unavailable": message},
            status=404,
        )
    form = configuration_form(spec, dict(request.GET.lists()))
    context = {
        "pattern": pattern,
        "form": form,
        "comparison": compare_configurations(spec, form.left, form.right) if form.valid else None,
        "left_url": page_url(pattern, form.left.query_string()),
        "right_url": page_url(pattern, form.right.query_string()),
    }
    status = 200 if form.valid else 400
    if not request.htmx:
        return render(request, "compare_configurations.html", context, status=status)
    response = render(request, "compare_configurations.html#results", context, status=status)
    if form.valid:
        response["HX-Push-Url"] = f"{request.path}?{form.query_string}" if form.query_string else request.path
    else:
        response["HX-Push-Url"] = "false"
    return response


def _comparison_column(pattern: Pattern, spec: PatternSpec) -> dict[str, object]:
    return {
        "pattern": pattern,
        "spec": spec,
        "characteristics": dict(spec.characteristics.rows()) if spec.characteristics else {},
        "practices": group_practices(spec.best_practices),
        "formats": [(fmt, FORMATS[fmt].label) for fmt in formats_for(spec, resolve_params(spec, {}))],
    }

"""Views: request in, engines and models consulted, template out. Nothing clever lives here."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from explorer import api, chooser
from explorer.compare import compare_configurations, pattern_cost_curve, resolve_sides
from explorer.content.schema import (
    ComponentSpec,
    Condition,
    Parameter,
    ParameterValue,
    PatternSpec,
    PracticeCategory,
)
from explorer.explore import DIAGRAM_FORMATS, FREE_TIER_FIELD, Exploration, diagram, explore, parse_free_tier
from explorer.forms import PatternFilterForm
from explorer.models import BestPractice, Component, Pattern, PatternComponent
from explorer.openapi import openapi_document
from explorer.params import ParamsError, format_value, resolve_params
from explorer.presets import presets_for
from explorer.pricing.patterns import SEED_SCENARIOS, compare_seed_scenario, estimate_pattern, has_cost_model
from explorer.pricing.report import estimate_json, service_json
from explorer.pricing.services import SERVICES, PricingInputError, estimate_service
from explorer.rendering import render_markdown
from explorer.snippets import FORMATS, SnippetError, formats_for, generate
from explorer.snippets.bundle import bundle


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_safe
@vary_on_headers("HX-Request")
def pattern_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PatternFilterForm(request.GET or None)
    patterns = Pattern.objects.for_cards()
    status = 200
    if form.is_bound and form.is_valid():
        if query := form.cleaned_data["q"]:
            patterns = patterns.search(query)
        if use_case := form.cleaned_data["use_case"]:
            patterns = patterns.with_use_case(use_case)
        if component := form.cleaned_data["component"]:
            patterns = patterns.using_component(component)
    elif form.is_bound:
        status = 400
        patterns = patterns.none()
    template = "pattern_list.html#results" if request.htmx else "pattern_list.html"
    context = {"form": form, "patterns": list(patterns), "filtered": form.is_bound}
    return render(request, template, context, status=status)


@require_safe
@vary_on_headers("HX-Request")
def pattern_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The pattern page, configured by its query string; htmx gets only the configured parts."""
    pattern = get_object_or_404(Pattern, slug=slug)
    uses = list(pattern.pattern_components.select_related("component"))
    exploration = _explore(request, pattern, uses)
    status = 200 if exploration.valid else 400
    if request.htmx:
        context = {"pattern": pattern, "exploration": exploration}
        response = render(request, "pattern_detail.html#configured", context, status=status)
        if exploration.valid:
            response["HX-Push-Url"] = _page_url(pattern, exploration.query_string)
        else:
            # Keep the page's last valid state; only the field errors (out of band) change.
            response["HX-Reswap"] = "none"
            response["HX-Push-Url"] = "false"
        return response
    spec = exploration.spec
    body_html, toc_html = render_markdown(spec.body, with_toc=True)
    components = {use.component.slug: use.component for use in uses}
    context = {
        "pattern": pattern,
        "spec": spec,
        "exploration": exploration,
        "body_html": body_html,
        "toc_html": toc_html,
        "uses": uses,
        "flow_rows": flow_rows(spec),
        "key_facts": [(fact, components.get(fact.component)) for fact in spec.key_facts],
        "practice_groups": _group_practices(pattern.best_practices.select_related("component")),
        "use_cases": pattern.use_cases.all(),
        "variants": pattern.variants.all(),
        "code_examples": pattern.code_examples.select_related("variant"),
        "related": pattern.related.all(),
        "seed_comparison": _seed_comparison(pattern, spec),
        "presets": presets_for(spec),
        "previous": Pattern.objects.filter(order__lt=pattern.order).order_by("-order").first(),
        "next": Pattern.objects.filter(order__gt=pattern.order).order_by("order").first(),
    }
    return render(request, "pattern_detail.html", context, status=status)


@require_safe
def pattern_diagram(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The diagram as SVG, PNG or DOT, configured by the same query string as the page."""
    pattern = get_object_or_404(Pattern, slug=slug)
    if fmt not in DIAGRAM_FORMATS:
        raise Http404(f"No {fmt} diagrams; try svg, png or dot.")
    spec = pattern.spec()
    try:
        params = resolve_params(spec, dict(request.GET.lists()))
    except ParamsError as error:
        return _plain_text(f"Bad parameters: {error}", status=400)
    components = _component_specs(pattern.pattern_components.select_related("component"))
    output, problem = diagram(
        spec, params, components, fmt, component_url=_component_url, cache=caches["default"]
    )
    if problem:
        return _plain_text(problem, status=503)
    response = HttpResponse(output, content_type=DIAGRAM_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{slug}.{fmt}"'
    return response


@require_safe
def pattern_snippet(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One configuration file, as a download, configured by the page's query string."""
    pattern = get_object_or_404(Pattern, slug=slug)
    if fmt not in FORMATS:
        raise Http404(f"No {fmt} snippets; formats are {', '.join(FORMATS)}.")
    spec = pattern.spec()
    try:
        params = resolve_params(spec, dict(request.GET.lists()))
        text = generate(spec, params, fmt)
    except ParamsError as error:
        return _plain_text(f"Bad parameters: {error}", status=400)
    except SnippetError as error:
        return _plain_text(f"No snippet: {error}", status=400)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = FORMATS[fmt].filename.rsplit("/", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def pattern_snippets_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """Every configuration file of the page's configuration in one zip, with a README."""
    pattern = get_object_or_404(Pattern, slug=slug)
    spec = pattern.spec()
    try:
        archive = bundle(spec, resolve_params(spec, dict(request.GET.lists())))
    except ParamsError as error:
        return _plain_text(f"Bad parameters: {error}", status=400)
    except SnippetError as error:
        return _plain_text(f"No snippets: {error}", status=400)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}.zip"'
    return response


DIAGRAM_CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "dot": "text/vnd.graphviz; charset=utf-8",
}


def _seed_comparison(pattern: Pattern, spec: PatternSpec) -> dict[str, object] | None:
    """The original guide's cost scenario for this pattern, priced by us and explained."""
    scenario = SEED_SCENARIOS.get(pattern.slug)
    if scenario is None:
        return None
    params = resolve_params(spec, {name: format_value(value) for name, value in scenario.overrides.items()})
    comparison = compare_seed_scenario(scenario, spec)
    return {
        "comparison": comparison,
        "url": _page_url(pattern, params.query_string()),
        "explanation": comparison.explain(),
    }


def _explore(request: HttpRequest, pattern: Pattern, uses: list[PatternComponent]) -> Exploration:
    return explore(
        pattern.spec(),
        dict(request.GET.lists()),
        _component_specs(uses),
        component_url=_component_url,
        cache=caches["default"],
    )


def _component_specs(uses: Iterable[PatternComponent]) -> dict[str, ComponentSpec]:
    return {use.component.slug: use.component.as_spec() for use in uses}


def _component_url(slug: str) -> str:
    return reverse("component_detail", args=[slug])


def _page_url(pattern: Pattern, query: str) -> str:
    return f"{pattern.get_absolute_url()}?{query}" if query else pattern.get_absolute_url()


def _plain_text(message: str, *, status: int) -> HttpResponse:
    return HttpResponse(message + "\n", content_type="text/plain; charset=utf-8", status=status)


def flow_rows(spec: PatternSpec) -> list[dict[str, str]]:
    """Every edge of the topology in words, with the parameter values under which it exists."""
    nodes = {node.id: node for node in spec.topology.nodes}
    rows = []
    for edge in spec.topology.edges:
        source, target = nodes[edge.source], nodes[edge.target]
        rows.append(
            {
                "source": source.label,
                "target": target.label,
                "label": edge.label,
                "kind": edge.kind.value,
                "condition": describe_conditions(spec, (source.when, target.when, edge.when)),
            }
        )
    return rows


def describe_conditions(spec: PatternSpec, conditions: tuple[Condition, ...]) -> str:
    """Conditions in a user's words ("CDN: on; Queue type: FIFO"), each parameter once."""
    allowed: dict[str, list[ParameterValue]] = {}
    for condition in conditions:
        for name, values in condition.requirements:
            if name in allowed:
                allowed[name] = [value for value in allowed[name] if value in values]
            else:
                allowed[name] = list(values)
    parts = []
    for name, values in allowed.items():
        parameter = spec.parameter(name)
        shown = " or ".join(_value_label(parameter, value) for value in values)
        parts.append(f"{parameter.label}: {shown}")
    return "; ".join(parts)


def _value_label(parameter: Parameter, value: ParameterValue) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return parameter.choice_label(str(value))


def _group_practices(practices: object) -> OrderedDict[str, list[BestPractice]]:
    groups: OrderedDict[str, list[BestPractice]] = OrderedDict(
        (category.value, []) for category in PracticeCategory
    )
    for practice in practices:
        groups[practice.category].append(practice)
    return OrderedDict((category, items) for category, items in groups.items() if items)


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
    columns = [] if error else [_comparison_column(patterns[slug]) for slug in chosen]
    curve = None
    if columns:
        curve = pattern_cost_curve([column["spec"] for column in columns], Decimal(events_text))
        for column, (_, cost) in zip(columns, curve.rows, strict=True):
            column["cost"] = cost
    suggested = [
        {
            "title": title,
            "pattern": patterns[slug],
            "url": f"{reverse('compare_configurations', args=[slug])}?{urlencode(query)}",
        }
        for slug, title, query in SUGGESTED_CONFIGURATIONS
        if slug in patterns
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


DEFAULT_EVENTS = 1_000_000
MAX_EVENTS = 10**12

# Comparisons users ask for most: one pattern, two configurations.
SUGGESTED_CONFIGURATIONS = (
    ("api-backend", "REST API vs HTTP API", {"a.api_type": "rest", "b.api_type": "http"}),
    ("async-messaging", "SQS standard vs FIFO", {"a.queue_type": "standard", "b.queue_type": "fifo"}),
    (
        "saga",
        "Step Functions Standard vs Express",
        {"a.workflow_type": "standard", "b.workflow_type": "express"},
    ),
    (
        "edge-functions",
        "CloudFront Functions vs Lambda@Edge",
        {"a.edge_runtime": "cloudfront-functions", "b.edge_runtime": "lambda-at-edge"},
    ),
)


@require_safe
def compare_configurations_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Two configurations of one pattern: cost, where costs cross, and the snippet diff."""
    pattern = get_object_or_404(Pattern, slug=slug)
    spec = pattern.spec()
    try:
        left, right = resolve_sides(spec, dict(request.GET.lists()))
    except ParamsError as error:
        context = {"pattern": pattern, "errors": error.errors}
        return render(request, "compare_configurations.html", context, status=400)
    if not has_cost_model(spec) or not formats_for(spec, left):
        message = (
            f"{spec.title} has no cost model or configuration generator yet, so there is nothing to compare."
        )
        return render(
            request,
            "compare_configurations.html",
            {"pattern": pattern, "errors": {"pattern": message}},
            status=404,
        )
    comparison = compare_configurations(spec, left, right)
    context = {
        "pattern": pattern,
        "comparison": comparison,
        "left_url": _page_url(pattern, left.query_string()),
        "right_url": _page_url(pattern, right.query_string()),
    }
    return render(request, "compare_configurations.html", context)


def _comparison_column(pattern: Pattern) -> dict[str, object]:
    spec = pattern.spec()
    return {
        "pattern": pattern,
        "spec": spec,
        "characteristics": dict(spec.characteristics.rows()) if spec.characteristics else {},
        "practices": _group_practices(spec.best_practices),
        "formats": [(fmt, FORMATS[fmt].label) for fmt in formats_for(spec, resolve_params(spec, {}))],
    }


@require_safe
def learn(request: HttpRequest) -> HttpResponse:
    """The onboarding path: every pattern from simplest to most involved, with its takeaways."""
    patterns = list(Pattern.objects.for_cards())
    steps = [{"pattern": pattern, "spec": pattern.spec()} for pattern in patterns]
    return render(request, "learn.html", {"steps": steps})


@require_safe
def learn_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """One pattern on one printable page: what it is, how it flows, what to remember."""
    pattern = get_object_or_404(Pattern, slug=slug)
    spec = pattern.spec()
    context = {
        "pattern": pattern,
        "spec": spec,
        "uses": pattern.pattern_components.select_related("component"),
        "practice_groups": _group_practices(pattern.best_practices.select_related("component")),
        "flow_rows": flow_rows(spec),
    }
    return render(request, "learn_summary.html", context)


@require_safe
@vary_on_headers("HX-Request")
def choose(request: HtmxHttpRequest) -> HttpResponse:
    """The pattern chooser: the questionnaire, and once answered, the ranked patterns."""
    raw = {name: values[-1] for name, values in request.GET.lists()}
    repeated = [name for name, values in request.GET.lists() if len(values) > 1]
    errors: dict[str, str] = dict.fromkeys(repeated, "answer each question once")
    results = []
    if raw and not errors:
        try:
            answers = chooser.validate_answers(raw)
        except chooser.AnswerError as error:
            errors = error.errors
        else:
            patterns = {pattern.slug: pattern for pattern in Pattern.objects.all()}
            for entry in chooser.rank(answers, list(patterns)):
                pattern = patterns[entry.slug]
                query = urlencode(entry.parameters)
                url = f"{pattern.get_absolute_url()}?{query}" if query else pattern.get_absolute_url()
                results.append({"pattern": pattern, "ranking": entry, "url": url})
    context = {"questions": chooser.QUESTIONS, "answers": raw, "errors": errors, "results": results}
    template = "choose.html#results" if request.htmx else "choose.html"
    return render(request, template, context, status=400 if errors else 200)


@require_safe
def component_list(request: HttpRequest) -> HttpResponse:
    components = Component.objects.prefetch_related("patterns")
    groups: OrderedDict[str, list[Component]] = OrderedDict(
        (label, []) for _, label in Component._meta.get_field("category").choices
    )
    for component in components:
        groups[component.get_category_display()].append(component)
    context = {"groups": [(label, items) for label, items in groups.items() if items]}
    return render(request, "component_list.html", context)


@require_safe
def component_detail(request: HttpRequest, slug: str) -> HttpResponse:
    component = get_object_or_404(Component, slug=slug)
    context = {
        "component": component,
        "limits": component.limits.all(),
        "uses": PatternComponent.objects.filter(component=component).select_related("pattern"),
        "practices": component.best_practices.select_related("pattern"),
    }
    return render(request, "component_detail.html", context)


@require_safe
def api_pattern_list(request: HttpRequest) -> JsonResponse:
    patterns = Pattern.objects.for_cards().prefetch_related("related")
    return JsonResponse({"patterns": [api.pattern_summary(pattern) for pattern in patterns]})


@require_safe
def api_pattern_detail(request: HttpRequest, slug: str) -> JsonResponse:
    pattern = Pattern.objects.for_cards().prefetch_related("related").filter(slug=slug).first()
    if pattern is None:
        return JsonResponse({"error": f"Unknown pattern {slug!r}."}, status=404)
    return JsonResponse(api.pattern_detail(pattern))


@require_safe
def api_pattern_estimate(request: HttpRequest, slug: str) -> JsonResponse:
    """A pattern's monthly estimate as JSON, configured like the pattern page."""
    pattern = Pattern.objects.filter(slug=slug).first()
    if pattern is None:
        return JsonResponse({"error": f"Unknown pattern {slug!r}."}, status=404)
    spec = pattern.spec()
    raw = dict(request.GET.lists())
    free_tier, free_tier_error = parse_free_tier(raw.pop(FREE_TIER_FIELD, None))
    errors = {FREE_TIER_FIELD: free_tier_error} if free_tier_error else {}
    try:
        params = resolve_params(spec, raw)
    except ParamsError as error:
        errors = {**error.errors, **errors}
    if errors:
        return _json_errors(errors)
    if not has_cost_model(spec):
        return JsonResponse({"error": f"There is no cost model for the pattern {slug!r} yet."}, status=404)
    estimate = estimate_pattern(spec, params.values, free_tier=free_tier)
    return JsonResponse(estimate_json(estimate, subject=("pattern", slug), parameters=params.values))


@require_safe
def api_service_list(request: HttpRequest) -> JsonResponse:
    """Every priced service and its parameters, with units and bounds."""
    return JsonResponse({"services": [service_json(definition) for definition in SERVICES.values()]})


@require_safe
def api_service_estimate(request: HttpRequest, service: str) -> JsonResponse:
    """One service's monthly estimate as JSON, from its own parameters."""
    if service not in SERVICES:
        return JsonResponse(
            {"error": f"Unknown service {service[:60]!r}; expected one of: {', '.join(SERVICES)}."},
            status=404,
        )
    raw = dict(request.GET.lists())
    free_tier, free_tier_error = parse_free_tier(raw.pop(FREE_TIER_FIELD, None))
    repeated = {
        name: "given more than once; give each parameter once"
        for name, values in raw.items()
        if len(values) > 1
    }
    if free_tier_error or repeated:
        return _json_errors({**repeated, **({FREE_TIER_FIELD: free_tier_error} if free_tier_error else {})})
    values = {name: items[0] for name, items in raw.items()}
    try:
        estimate = estimate_service(service, values, free_tier=free_tier)
    except PricingInputError as error:
        return _json_errors({error.field: error.message})
    parameters = SERVICES[service].validate(values)
    return JsonResponse(estimate_json(estimate, subject=("service", service), parameters=parameters))


@require_safe
def api_openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of this API, from the patterns in the database."""
    return JsonResponse(openapi_document(pattern.spec() for pattern in Pattern.objects.all()))


def _json_errors(errors: dict[str, str]) -> JsonResponse:
    message = "; ".join(f"{name}: {text}" for name, text in errors.items())
    return JsonResponse({"error": f"Bad parameters: {message}", "errors": errors}, status=400)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"message": str(exception or "")}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)

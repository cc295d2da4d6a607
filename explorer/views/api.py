"""The JSON API under /api/: patterns, their estimates, priced services and the OpenAPI description."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from explorer import api_json as pattern_json
from explorer.domain.explore import FREE_TIER_FIELD, parse_free_tier
from explorer.domain.openapi import openapi_document
from explorer.domain.params import ParamsError, resolve_params
from explorer.domain.pricing.estimate import ConfigurationRefused, estimate_pattern, has_cost_model, refusal
from explorer.domain.pricing.report import estimate_json, service_json
from explorer.domain.pricing.services import SERVICES, PricingInputError, estimate_service
from explorer.models import Pattern


@require_safe
def api_pattern_list(request: HttpRequest) -> JsonResponse:
    patterns = Pattern.objects.for_cards().prefetch_related("related")
    return JsonResponse({"patterns": [pattern_json.pattern_summary(pattern) for pattern in patterns]})


@require_safe
def api_pattern_detail(request: HttpRequest, slug: str) -> JsonResponse:
    pattern = Pattern.objects.for_cards().prefetch_related("related").filter(slug=slug).first()
    if pattern is None:
        return JsonResponse({"error": f"Unknown pattern {slug!r}."}, status=404)
    return JsonResponse(pattern_json.pattern_detail(pattern))


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
    try:
        estimate = estimate_pattern(spec, params.values, free_tier=free_tier)
    except ConfigurationRefused as refused:
        return _json_errors({violation.field: refusal(violation) for violation in refused.violations})
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

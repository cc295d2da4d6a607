"""The pattern pages: the filtered list, and one pattern configured by its query string."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from explorer.domain.content.schema import PatternSpec
from explorer.domain.explore import Exploration, SnippetDrawing, explore
from explorer.domain.markup import render_markdown
from explorer.domain.params import format_value, resolve_params
from explorer.domain.presets import presets_for
from explorer.domain.pricing.estimate import compare_seed_scenario, seed_values
from explorer.forms import PatternFilterForm
from explorer.models import Pattern, PatternComponent
from explorer.views.common import (
    HtmxHttpRequest,
    component_specs,
    component_url,
    flow_rows,
    group_practices,
    page_url,
    shared_cache,
)


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


# The header by which the page names the configuration tab it has open, so the update marks
# that tab open. An update draws no code; the page loads the open tab's code when it is seen.
SNIPPET_TAB_HEADER = "X-Snippet-Tab"
# The width of the page's diagram container (CSS px): an update draws only the layout that
# width shows. Anything but a whole number from 1 to 10,000 is ignored (every layout is sent).
DIAGRAM_WIDTH_HEADER = "X-Diagram-Width"
DIAGRAM_WIDTH_MAX = 10_000


def _diagram_width(request: HttpRequest) -> int | None:
    text = request.headers.get(DIAGRAM_WIDTH_HEADER, "")
    if not text.isascii() or not text.isdigit() or len(text) > 5:
        return None
    width = int(text)
    return width if 1 <= width <= DIAGRAM_WIDTH_MAX else None


@require_safe
@vary_on_headers("HX-Request", "HX-Target", SNIPPET_TAB_HEADER, DIAGRAM_WIDTH_HEADER)
def pattern_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The pattern page, configured by its query string. htmx gets the configured outputs
    (target #outputs), or the whole explorer with its form (target #explorer, which the page
    asks for when Back or Forward lands on another configuration)."""
    pattern = get_object_or_404(Pattern, slug=slug)
    uses = list(pattern.pattern_components.select_related("component"))
    # No answer draws code. The page loads the open tab's code when its box nears the screen,
    # so thousands of highlighted spans are not parsed before the page can answer; an update
    # keeps the code in place (hx-preserve) and loads the new one after the diagram and the
    # estimate are swapped in.
    exploration = _explore(
        request,
        pattern,
        uses,
        open_snippet=request.headers.get(SNIPPET_TAB_HEADER, ""),
        draw_snippets="none",
        diagram_width=_diagram_width(request) if request.htmx else None,
    )
    status = 200 if exploration.valid else 400
    if request.htmx and request.htmx.target == "explorer":
        context = {
            "pattern": pattern,
            "exploration": exploration,
            "presets": presets_for(exploration.spec),
            "keep_code": True,
        }
        return render(request, "pattern_detail.html#explorer", context, status=status)
    if request.htmx:
        context = {"pattern": pattern, "exploration": exploration, "update": True, "keep_code": True}
        response = render(request, "pattern_detail.html#configured", context, status=status)
        if not exploration.valid:
            # Keep the page's last valid state; only the field errors (out of band) change.
            response["HX-Reswap"] = "none"
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
        "practice_groups": group_practices(pattern.best_practices.select_related("component")),
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


def _seed_comparison(pattern: Pattern, spec: PatternSpec) -> dict[str, object] | None:
    """The original guide's cost scenario for this pattern, priced by us and explained."""
    comparison = compare_seed_scenario(spec)
    if comparison is None:
        return None
    params = resolve_params(spec, {name: format_value(value) for name, value in seed_values(spec).items()})
    return {
        "comparison": comparison,
        "url": page_url(pattern, params.query_string()),
        "explanation": comparison.explain(),
    }


def _explore(
    request: HttpRequest,
    pattern: Pattern,
    uses: list[PatternComponent],
    *,
    open_snippet: str,
    draw_snippets: SnippetDrawing,
    diagram_width: int | None,
) -> Exploration:
    return explore(
        pattern.spec(),
        dict(request.GET.lists()),
        component_specs(uses),
        component_url=component_url,
        cache=shared_cache(),
        content_version=pattern.content_hash,
        open_snippet=open_snippet,
        draw_snippets=draw_snippets,
        diagram_width=diagram_width,
    )

"""Files of a configured pattern: its diagram, one configuration file (as a download, or
highlighted for the tab that shows it), or all of them zipped."""

from __future__ import annotations

from collections.abc import Callable, Container
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from explorer.domain.explore import DIAGRAM_FORMATS, configured_snippet, diagram
from explorer.domain.params import Params, ParamsError, resolve_params
from explorer.domain.snippets import FORMATS, SnippetError, generate
from explorer.domain.snippets.bundle import bundle
from explorer.models import Pattern
from explorer.views.common import component_specs, component_url, shared_cache

DIAGRAM_CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "dot": "text/vnd.graphviz; charset=utf-8",
}

type ConfiguredView = Callable[..., HttpResponse]


def _configured_pattern(
    formats: Container[str] | None = None, unknown: Callable[[str], str] = str
) -> Callable[[ConfiguredView], ConfiguredView]:
    """Call the view as `view(request, pattern, params, **kwargs)`, with the parameters that the
    page's query string sets (`params.spec` is the pattern's spec).

    Before the view runs, an unknown pattern is a 404, and so, when `formats` is given, is a `fmt`
    not among them (`unknown(fmt)` says why); parameters that do not resolve are a plain-text 400
    naming each one.
    """

    def decorator(view: ConfiguredView) -> ConfiguredView:
        @wraps(view)
        def configured_view(request: HttpRequest, slug: str, **kwargs: str) -> HttpResponse:
            pattern = get_object_or_404(Pattern, slug=slug)
            if formats is not None and kwargs["fmt"] not in formats:
                raise Http404(unknown(kwargs["fmt"]))
            spec = pattern.spec()
            try:
                params = resolve_params(spec, dict(request.GET.lists()))
            except ParamsError as error:
                return _plain_text(f"Bad parameters: {error}", status=400)
            return view(request, pattern, params, **kwargs)

        return configured_view

    return decorator


@require_safe
@_configured_pattern(DIAGRAM_FORMATS, unknown=lambda fmt: f"No {fmt} diagrams; try svg, png or dot.")
def pattern_diagram(request: HttpRequest, pattern: Pattern, params: Params, fmt: str) -> HttpResponse:
    """The diagram as SVG, PNG or DOT, configured by the same query string as the page."""
    components = component_specs(pattern.pattern_components.select_related("component"))
    output, problem = diagram(
        params.spec, params, components, fmt, component_url=component_url, cache=shared_cache()
    )
    if problem:
        return _plain_text(problem, status=503)
    response = HttpResponse(output, content_type=DIAGRAM_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{pattern.slug}.{fmt}"'
    return response


@require_safe
@_configured_pattern(FORMATS, unknown=lambda fmt: f"No {fmt} snippets; formats are {', '.join(FORMATS)}.")
def pattern_snippet(request: HttpRequest, pattern: Pattern, params: Params, fmt: str) -> HttpResponse:
    """One configuration file, as a download, configured by the page's query string."""
    try:
        text = generate(params.spec, params, fmt)
    except SnippetError as error:
        return _plain_text(f"No snippet: {error}", status=400)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = FORMATS[fmt].filename.rsplit("/", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@_configured_pattern(FORMATS, unknown=lambda fmt: f"No {fmt} snippets; formats are {', '.join(FORMATS)}.")
def pattern_snippet_code(request: HttpRequest, pattern: Pattern, params: Params, fmt: str) -> HttpResponse:
    """One configuration file highlighted, as its tab on the pattern page shows it: the page
    draws one tab's code and loads the others from here when they are opened."""
    snippet = configured_snippet(
        params.spec, params, fmt, cache=shared_cache(), content_version=pattern.content_hash
    )
    if snippet is None:
        return _plain_text(
            f"This configuration of {pattern.title} has no {FORMATS[fmt].label} file "
            "(it breaks an AWS limit, or it deploys nothing that format describes).",
            status=404,
        )
    return render(request, "partials/snippets.html#code", {"snippet": snippet})


@require_safe
@_configured_pattern()
def pattern_snippets_zip(request: HttpRequest, pattern: Pattern, params: Params) -> HttpResponse:
    """Every configuration file of the page's configuration in one zip, with a README."""
    try:
        archive = bundle(params.spec, params)
    except SnippetError as error:
        return _plain_text(f"No snippets: {error}", status=400)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pattern.slug}.zip"'
    return response


def _plain_text(message: str, *, status: int) -> HttpResponse:
    return HttpResponse(message + "\n", content_type="text/plain; charset=utf-8", status=status)

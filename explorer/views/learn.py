"""The learning pages: the onboarding path through every pattern, and one pattern's printable summary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from explorer.models import Pattern
from explorer.views.common import flow_rows, group_practices


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
        "practice_groups": group_practices(pattern.best_practices.select_related("component")),
        "flow_rows": flow_rows(spec),
    }
    return render(request, "learn_summary.html", context)

"""The component pages: every AWS service by category, and one service with its limits and uses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from explorer.domain.content.schema import ComponentCategory
from explorer.models import Component, PatternComponent, choices_of
from explorer.views.common import grouped_in_order


@require_safe
def component_list(request: HttpRequest) -> HttpResponse:
    groups = grouped_in_order(
        Component.objects.prefetch_related("patterns"),
        [label for _, label in choices_of(ComponentCategory)],
        Component.get_category_display,
    )
    context = {"groups": list(groups.items())}
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

"""The pattern chooser page: a questionnaire, then the patterns ranked for the answers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from explorer.domain import chooser
from explorer.models import Pattern
from explorer.views.common import HtmxHttpRequest, page_url


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
                url = page_url(pattern, urlencode(entry.parameters))
                results.append({"pattern": pattern, "ranking": entry, "url": url})
    context = {"questions": chooser.QUESTIONS, "answers": raw, "errors": errors, "results": results}
    template = "choose.html#results" if request.htmx else "choose.html"
    return render(request, template, context, status=400 if errors else 200)

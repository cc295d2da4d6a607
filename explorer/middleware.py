"""Middleware of our own: gzip for every response but the admin's (see settings.MIDDLEWARE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse


class GZipExceptAdminMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (gzip with a random-length filename in the header, Vary:
    Accept-Encoding), except under the admin's URL prefix, whose pages hold secrets next to
    reflected input (BREACH; the reasoning is in settings.py)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.path.startswith(reverse("admin:index")):
            return response
        return super().process_response(request, response)

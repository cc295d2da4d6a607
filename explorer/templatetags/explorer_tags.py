"""Template filters that turn content Markdown and code into safe HTML."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.safestring import SafeString, mark_safe

from explorer.domain.markup import highlight_code, render_inline_markdown, render_markdown
from explorer.domain.pricing.engine import format_money
from explorer.domain.pricing.report import service_title as _service_title

register = template.Library()


@lru_cache(maxsize=2048)
def _markdown(text: str) -> str:
    return render_markdown(text)[0]


@lru_cache(maxsize=4096)
def _inline(text: str) -> str:
    return render_inline_markdown(text)


@lru_cache(maxsize=512)
def _highlighted(code: str, language: str) -> str:
    return highlight_code(code, language)


@register.filter
def markdown(text: str) -> SafeString:
    """Block Markdown, sanitised (see explorer.domain.markup)."""
    return mark_safe(_markdown(text or ""))


@register.filter
def markdown_inline(text: str) -> SafeString:
    """Short Markdown (one paragraph) without the wrapping <p>, sanitised."""
    return mark_safe(_inline(text or ""))


@register.filter
def highlight(code: str, language: str) -> SafeString:
    """Code highlighted by Pygments; the output escapes the code itself."""
    return mark_safe(_highlighted(code or "", language or "text"))


@register.filter
def money(amount: Decimal) -> str:
    """Dollars and cents, rounded half up once, for display."""
    return format_money(amount)


@register.filter
def service_title(name: str) -> str:
    """A pricing service's name as people say it ("AWS Lambda" for lambda)."""
    return _service_title(name)


@register.filter
def grouped(number: int | Decimal | None) -> str:
    """A number with thousands separators: 10000000 -> 10,000,000."""
    return "" if number is None else f"{number:,}"


@register.filter
def get(mapping: dict, key: str) -> object:
    """mapping[key] in a template, for keys held in variables."""
    return mapping.get(key, "")

"""Forms: request input to typed, bounded values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from explorer.models import Component, UseCase

MAX_SEARCH_LENGTH = 100


def repeated_fields(query: QueryDict, names: tuple[str, ...]) -> list[str]:
    """The names among `names` that the query string gives more than once."""
    return [name for name in names if len(query.getlist(name)) > 1]


class PatternFilterForm(forms.Form):
    """The home page's search box and filters; every field optional, every value checked."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        strip=True,
        error_messages={"max_length": f"Search for at most {MAX_SEARCH_LENGTH} characters."},
    )
    use_case = forms.ChoiceField(
        label="Use case",
        required=False,
        error_messages={"invalid_choice": "Unknown use case %(value)s: pick one from the list."},
    )
    component = forms.ChoiceField(
        label="Component",
        required=False,
        error_messages={"invalid_choice": "Unknown component %(value)s: pick one from the list."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Form's own arguments, passed on
        super().__init__(*args, **kwargs)
        use_case, component = self.fields["use_case"], self.fields["component"]
        assert isinstance(use_case, forms.ChoiceField) and isinstance(component, forms.ChoiceField)
        use_cases: dict[str, str] = {}
        for slug, name in UseCase.objects.order_by("name").values_list("slug", "name"):
            use_cases.setdefault(slug, name)
        use_case.choices = [("", "Any use case"), *use_cases.items()]
        component.choices = [
            ("", "Any component"),
            *Component.objects.order_by("name").values_list("slug", "name"),
        ]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if isinstance(self.data, QueryDict) and (repeated := repeated_fields(self.data, tuple(self.fields))):
            raise forms.ValidationError(
                f"Give each filter once; repeated: {', '.join(repeated)}.", code="repeated"
            )
        return cleaned

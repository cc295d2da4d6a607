"""The content index: patterns, components and what joins them.

Rows are written only by `explorer.sync.content_sync` from the files in `patterns_content/`;
the admin shows them read-only in spirit (an edit is overwritten by the next sync). The
engines (diagrams, pricing, snippets) work from `Pattern.spec()`, the validated front
matter rebuilt as a `PatternSpec`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from explorer.domain.content.parse import parse_pattern
from explorer.domain.content.schema import (
    ComponentCategory,
    ComponentSpec,
    Level,
    ParameterType,
    PracticeCategory,
)

if TYPE_CHECKING:
    from explorer.domain.content.schema import PatternSpec


def choices_of(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """Model field choices from one of the content schema's enums, so both agree."""
    return [(member.value, member.value.capitalize()) for member in enum]


class Component(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=choices_of(ComponentCategory))
    summary = models.TextField()
    docs_url = models.URLField(max_length=500)
    body = models.TextField(help_text="Markdown")
    source_path = models.CharField(max_length=300)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("component_detail", args=[self.slug])

    def as_spec(self) -> ComponentSpec:
        """The component as the engines see it (limits are left out: no engine reads them)."""
        return ComponentSpec(
            slug=self.slug,
            name=self.name,
            short_name=self.short_name,
            category=ComponentCategory(self.category),
            summary=self.summary,
            docs_url=self.docs_url,
            limits=(),
            body=self.body,
            source=self.source_path,
        )


class ComponentLimit(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="limits")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    value = models.CharField(max_length=200)
    explanation = models.TextField()
    adjustable = models.BooleanField(default=False)
    source_url = models.URLField(max_length=500, help_text="The AWS page the value comes from")
    checked = models.DateField(help_text="When the value was last checked against that page")

    class Meta:
        ordering = ["component", "position"]
        constraints = [
            models.UniqueConstraint(fields=["component", "position"], name="unique_limit_position"),
        ]

    def __str__(self) -> str:
        return f"{self.component}: {self.name} = {self.value}"


class PatternQuerySet(models.QuerySet["Pattern"]):
    def search(self, text: str) -> PatternQuerySet:
        """Patterns whose title, summary, use cases or components mention every word of `text`."""
        queryset = self
        for word in text.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(use_cases__name__icontains=word)
                | Q(components__name__icontains=word)
                | Q(components__short_name__icontains=word)
            )
        return queryset.distinct()

    def with_use_case(self, slug: str) -> PatternQuerySet:
        return self.filter(use_cases__slug=slug).distinct()

    def using_component(self, slug: str) -> PatternQuerySet:
        return self.filter(components__slug=slug).distinct()

    def for_cards(self) -> PatternQuerySet:
        """Everything a pattern card shows, fetched in a fixed number of queries."""
        return self.prefetch_related(
            "use_cases",
            Prefetch("pattern_components", queryset=PatternComponent.objects.select_related("component")),
        )


class Pattern(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField()
    level = models.CharField(max_length=20, choices=choices_of(Level))
    summary = models.TextField()
    body = models.TextField(help_text="Markdown")
    front_matter = models.JSONField(help_text="The validated front matter of the content file")
    source_path = models.CharField(max_length=300)
    content_hash = models.CharField(max_length=64)
    components = models.ManyToManyField(Component, through="PatternComponent", related_name="patterns")
    related = models.ManyToManyField("self", symmetrical=False, blank=True)

    objects = PatternQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["order"], name="unique_pattern_order")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pattern_detail", args=[self.slug])

    def spec(self) -> PatternSpec:
        """The pattern's full definition, rebuilt from the stored front matter.

        Parsed once per process and content version: the key includes the content hash,
        so a sync that changes the file is picked up without a restart.
        """
        key = (self.slug, self.content_hash)
        spec = _SPEC_CACHE.get(key)
        if spec is None:
            spec = parse_pattern(self.front_matter, self.body, slug=self.slug, source=self.source_path)
            _SPEC_CACHE[key] = spec
        return spec


_SPEC_CACHE: dict[tuple[str, str], PatternSpec] = {}


class PatternComponent(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="pattern_components")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="pattern_uses")
    position = models.PositiveIntegerField()
    role = models.TextField()
    optional = models.BooleanField(default=False)

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "component"], name="unique_pattern_component"),
        ]

    def __str__(self) -> str:
        return f"{self.component} in {self.pattern}"


class UseCase(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="use_cases")
    position = models.PositiveIntegerField()
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [models.UniqueConstraint(fields=["pattern", "slug"], name="unique_use_case_slug")]

    def __str__(self) -> str:
        return self.name


class KeyFact(models.Model):
    """A figure that matters in a pattern, with the AWS page it comes from and when it was checked."""

    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="key_facts")
    component = models.ForeignKey(
        Component, on_delete=models.PROTECT, null=True, blank=True, related_name="key_facts"
    )
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=200)
    value = models.CharField(max_length=300)
    explanation = models.TextField(help_text="Markdown")
    source_url = models.URLField(max_length=500, help_text="The AWS page the value comes from")
    checked = models.DateField(help_text="When the value was last checked against that page")

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "position"], name="unique_key_fact_position")
        ]

    def __str__(self) -> str:
        return f"{self.pattern}: {self.label} = {self.value}"


class BestPractice(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="best_practices")
    component = models.ForeignKey(
        Component, on_delete=models.PROTECT, null=True, blank=True, related_name="best_practices"
    )
    position = models.PositiveIntegerField()
    category = models.CharField(max_length=20, choices=choices_of(PracticeCategory))
    title = models.CharField(max_length=300)
    how = models.TextField(help_text="Markdown: what to configure")
    why = models.TextField(help_text="Markdown: why, and the failure it prevents")
    limit = models.TextField(blank=True, help_text="The AWS limit behind it")

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "position"], name="unique_practice_position")
        ]

    def __str__(self) -> str:
        return self.title


class Parameter(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="parameters")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    label = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=choices_of(ParameterType))
    unit = models.CharField(max_length=50, blank=True)
    default = models.CharField(max_length=300, help_text="The default, as a user would type it")
    minimum = models.CharField(max_length=50, blank=True)
    maximum = models.CharField(max_length=50, blank=True)
    choices = models.JSONField(default=list, blank=True)
    help = models.TextField()
    group = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [models.UniqueConstraint(fields=["pattern", "name"], name="unique_parameter_name")]

    def __str__(self) -> str:
        return f"{self.pattern.slug}.{self.name}"


class Variant(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="variants")
    position = models.PositiveIntegerField()
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    description = models.TextField(blank=True, help_text="Markdown")
    parameter = models.CharField(max_length=100, help_text="The parameter that selects this variant")
    value = models.CharField(max_length=100, help_text="The parameter's value for this variant")

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [models.UniqueConstraint(fields=["pattern", "slug"], name="unique_variant_slug")]

    def __str__(self) -> str:
        return f"{self.pattern}: {self.title}"


class CodeExample(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="code_examples")
    variant = models.ForeignKey(
        Variant, on_delete=models.CASCADE, null=True, blank=True, related_name="code_examples"
    )
    position = models.PositiveIntegerField()
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    language = models.CharField(max_length=20)
    caption = models.TextField()
    code = models.TextField()

    class Meta:
        ordering = ["pattern", "position"]
        constraints = [models.UniqueConstraint(fields=["pattern", "slug"], name="unique_code_example_slug")]

    def __str__(self) -> str:
        return self.title

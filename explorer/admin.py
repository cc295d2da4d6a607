"""Admin pages for the content index. The files are the source: a sync overwrites edits."""

from __future__ import annotations

from django.contrib import admin

from explorer.models import (
    BestPractice,
    CodeExample,
    Component,
    ComponentLimit,
    KeyFact,
    Parameter,
    Pattern,
    PatternComponent,
    UseCase,
    Variant,
)


class ComponentLimitInline(admin.TabularInline):
    model = ComponentLimit
    extra = 0


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "source_path"]
    list_filter = ["category"]
    search_fields = ["name", "slug", "summary"]
    inlines = [ComponentLimitInline]


class PatternComponentInline(admin.TabularInline):
    model = PatternComponent
    extra = 0
    autocomplete_fields = ["component"]


class UseCaseInline(admin.TabularInline):
    model = UseCase
    extra = 0


class VariantInline(admin.StackedInline):
    model = Variant
    extra = 0


@admin.register(Pattern)
class PatternAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "slug", "level", "source_path"]
    list_display_links = ["title"]
    list_filter = ["level"]
    search_fields = ["title", "slug", "summary"]
    filter_horizontal = ["related"]
    inlines = [PatternComponentInline, UseCaseInline, VariantInline]


@admin.register(PatternComponent)
class PatternComponentAdmin(admin.ModelAdmin):
    list_display = ["pattern", "component", "optional"]
    list_filter = ["pattern", "optional"]


@admin.register(UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    list_display = ["name", "pattern"]
    list_filter = ["pattern"]
    search_fields = ["name"]


@admin.register(BestPractice)
class BestPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "pattern", "category", "component"]
    list_filter = ["category", "pattern"]
    search_fields = ["title", "how", "why"]


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ["name", "pattern", "type", "default", "minimum", "maximum", "unit"]
    list_filter = ["pattern", "type"]
    search_fields = ["name", "label"]


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ["title", "pattern", "parameter", "value"]
    list_filter = ["pattern"]


@admin.register(CodeExample)
class CodeExampleAdmin(admin.ModelAdmin):
    list_display = ["title", "pattern", "language", "variant"]
    list_filter = ["pattern", "language"]
    search_fields = ["title", "caption", "code"]


@admin.register(ComponentLimit)
class ComponentLimitAdmin(admin.ModelAdmin):
    list_display = ["component", "name", "value", "adjustable", "checked", "source_url"]
    list_filter = ["component", "adjustable", "checked"]
    # Oldest check first: the figures most likely to have gone stale.
    ordering = ["checked", "component", "position"]


@admin.register(KeyFact)
class KeyFactAdmin(admin.ModelAdmin):
    list_display = ["label", "pattern", "value", "checked", "source_url"]
    list_filter = ["pattern", "checked"]
    search_fields = ["label", "value", "explanation"]
    ordering = ["checked", "pattern", "position"]

"""Syncing the content files into the database.

`content_sync(root=...)` promises: every file is read and validated before the database is
touched; then, in one transaction, components and patterns are upserted by slug, rows the
files no longer hold are removed, and a row whose file did not change is left alone. A
second run over the same files therefore changes nothing, and says so.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from explorer.domain.content.parse import load_library, split_front_matter
from explorer.domain.content.schema import ComponentSpec, Library, PatternSpec
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


@dataclass
class KindReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def describe(self, kind: str) -> str:
        parts = []
        for verb, slugs in (("created", self.created), ("updated", self.updated), ("removed", self.removed)):
            if slugs:
                parts.append(f"{len(slugs)} {verb} ({', '.join(slugs)})")
        parts.append(f"{self.unchanged} unchanged")
        return f"{kind}: " + ", ".join(parts)


@dataclass
class SyncReport:
    components: KindReport = field(default_factory=KindReport)
    patterns: KindReport = field(default_factory=KindReport)

    @property
    def changed(self) -> bool:
        return self.components.changed or self.patterns.changed

    def describe(self) -> str:
        if not self.changed:
            return (
                f"Nothing changed: {self.components.unchanged} components and "
                f"{self.patterns.unchanged} patterns are up to date."
            )
        return "\n".join([self.components.describe("Components"), self.patterns.describe("Patterns")])


def content_sync(*, root: Path) -> SyncReport:
    """Validates every file under `root`, then makes the database hold exactly what they say."""
    library = load_library(root)
    raw = _raw_front_matter(root, library)
    report = SyncReport()
    with transaction.atomic():
        components = _sync_components(library, report.components)
        patterns = _sync_patterns(library, raw, components, report.patterns)
        _sync_related(library, patterns)
        removed_patterns = Pattern.objects.exclude(slug__in=library.patterns)
        report.patterns.removed = sorted(removed_patterns.values_list("slug", flat=True))
        removed_patterns.delete()
        removed_components = Component.objects.exclude(slug__in=library.components)
        report.components.removed = sorted(removed_components.values_list("slug", flat=True))
        removed_components.delete()
    return report


def _raw_front_matter(root: Path, library: Library) -> dict[str, tuple[dict, str]]:
    """Each pattern's front matter as written (JSON-safe), stored so its spec can be rebuilt."""
    raw = {}
    for slug, spec in library.patterns.items():
        path = root / f"{slug}.md"
        front_matter, body = split_front_matter(path.read_text(encoding="utf-8"), spec.source)
        raw[slug] = (json.loads(json.dumps(front_matter, default=str)), body)
    return raw


def _hash(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _sync_components(library: Library, report: KindReport) -> dict[str, Component]:
    existing = {component.slug: component for component in Component.objects.all()}
    result = {}
    for slug, spec in library.components.items():
        content_hash = _hash(spec)
        component = existing.get(slug)
        if component is not None and component.content_hash == content_hash:
            report.unchanged += 1
            result[slug] = component
            continue
        if component is None:
            component = Component(slug=slug)
            report.created.append(slug)
        else:
            report.updated.append(slug)
        _fill_component(component, spec, content_hash)
        result[slug] = component
    return result


def _fill_component(component: Component, spec: ComponentSpec, content_hash: str) -> None:
    component.name = spec.name
    component.short_name = spec.short_name
    component.category = spec.category.value
    component.summary = spec.summary
    component.docs_url = spec.docs_url
    component.body = spec.body
    component.source_path = spec.source
    component.content_hash = content_hash
    component.save()
    component.limits.all().delete()
    ComponentLimit.objects.bulk_create(
        ComponentLimit(
            component=component,
            position=position,
            name=limit.name,
            value=limit.value,
            explanation=limit.explanation,
            adjustable=limit.adjustable,
            source_url=limit.source,
            checked=limit.checked,
        )
        for position, limit in enumerate(spec.limits)
    )


def _sync_patterns(
    library: Library,
    raw: dict[str, tuple[dict, str]],
    components: dict[str, Component],
    report: KindReport,
) -> dict[str, Pattern]:
    existing = {pattern.slug: pattern for pattern in Pattern.objects.all()}
    # Orders are unique; park every pattern that changes out of the way first so that two
    # patterns may swap places within one sync.
    changing = []
    result = {}
    for slug, spec in library.patterns.items():
        front_matter, body = raw[slug]
        content_hash = _hash(front_matter, body)
        pattern = existing.get(slug)
        if pattern is not None and pattern.content_hash == content_hash:
            report.unchanged += 1
            result[slug] = pattern
            continue
        if pattern is None:
            pattern = Pattern(slug=slug)
            report.created.append(slug)
        else:
            report.updated.append(slug)
        changing.append((pattern, spec, front_matter, body, content_hash))
        result[slug] = pattern
    removed = list(Pattern.objects.exclude(slug__in=library.patterns).values_list("pk", flat=True))
    movers = [pattern.pk for pattern, *_ in changing if pattern.pk is not None] + removed
    taken = {pattern.order for pattern in existing.values()} | {
        spec.order for spec in library.patterns.values()
    }
    parking = max(taken, default=0) + 1
    for offset, pk in enumerate(movers):
        Pattern.objects.filter(pk=pk).update(order=parking + offset)
    for pattern, spec, front_matter, body, content_hash in changing:
        _fill_pattern(pattern, spec, front_matter, body, content_hash, components)
    return result


def _fill_pattern(
    pattern: Pattern,
    spec: PatternSpec,
    front_matter: dict,
    body: str,
    content_hash: str,
    components: dict[str, Component],
) -> None:
    pattern.title = spec.title
    pattern.order = spec.order
    pattern.level = spec.level.value
    pattern.summary = spec.summary
    pattern.body = body
    pattern.front_matter = front_matter
    pattern.source_path = spec.source
    pattern.content_hash = content_hash
    pattern.save()
    for related_name in (
        "pattern_components",
        "use_cases",
        "key_facts",
        "best_practices",
        "parameters",
        "variants",
    ):
        getattr(pattern, related_name).all().delete()
    pattern.code_examples.all().delete()

    PatternComponent.objects.bulk_create(
        PatternComponent(
            pattern=pattern,
            component=components[use.component],
            position=position,
            role=use.role,
            optional=use.optional,
        )
        for position, use in enumerate(spec.components)
    )
    UseCase.objects.bulk_create(
        UseCase(
            pattern=pattern,
            position=position,
            slug=slugify(use_case.name) or f"use-case-{position}",
            name=use_case.name,
            description=use_case.description,
        )
        for position, use_case in enumerate(spec.use_cases)
    )
    KeyFact.objects.bulk_create(
        KeyFact(
            pattern=pattern,
            component=components.get(fact.component),
            position=position,
            label=fact.label,
            value=fact.value,
            explanation=fact.explanation,
            source_url=fact.source,
            checked=fact.checked,
        )
        for position, fact in enumerate(spec.key_facts)
    )
    BestPractice.objects.bulk_create(
        BestPractice(
            pattern=pattern,
            component=components.get(practice.component),
            position=position,
            category=practice.category.value,
            title=practice.title,
            how=practice.how,
            why=practice.why,
            limit=practice.limit,
        )
        for position, practice in enumerate(spec.best_practices)
    )
    Parameter.objects.bulk_create(
        Parameter(
            pattern=pattern,
            position=position,
            name=parameter.name,
            label=parameter.label,
            type=parameter.type.value,
            unit=parameter.unit,
            default=_as_text(parameter.default),
            minimum=_as_text(parameter.minimum),
            maximum=_as_text(parameter.maximum),
            choices=[{"value": choice.value, "label": choice.label} for choice in parameter.choices],
            help=parameter.help,
            group=parameter.group,
        )
        for position, parameter in enumerate(spec.parameters)
    )
    variants = {}
    for position, variant in enumerate(spec.variants):
        variants[variant.slug] = Variant.objects.create(
            pattern=pattern,
            position=position,
            slug=variant.slug,
            title=variant.title,
            summary=variant.summary,
            description=variant.description,
            parameter=variant.parameter,
            value=_as_text(variant.value),
        )
    CodeExample.objects.bulk_create(
        CodeExample(
            pattern=pattern,
            variant=variants.get(example.variant),
            position=position,
            slug=example.slug,
            title=example.title,
            language=example.language,
            caption=example.caption,
            code=example.code,
        )
        for position, example in enumerate(spec.code_examples)
    )


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _sync_related(library: Library, patterns: dict[str, Pattern]) -> None:
    for slug, spec in library.patterns.items():
        pattern = patterns[slug]
        wanted = {patterns[related].pk for related in spec.related}
        current = set(pattern.related.values_list("pk", flat=True))
        if wanted != current:
            pattern.related.set(wanted)

"""Validate the content files without touching the database."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from explorer.domain.content.parse import ContentError, load_library


class Command(BaseCommand):
    help = "Validate every pattern and component file; exit non-zero naming the first error."
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--root", type=Path, default=None, help="content folder")

    def handle(self, *args: object, root: Path | None = None, **options: object) -> None:
        try:
            library = load_library(root or settings.PATTERNS_CONTENT_DIR)
        except ContentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Content is valid: {len(library.components)} components and {len(library.patterns)} patterns."
        )

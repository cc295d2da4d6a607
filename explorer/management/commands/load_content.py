"""Load the pattern library from patterns_content/ into the database."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from explorer.domain.content.parse import ContentError
from explorer.sync import content_sync


class Command(BaseCommand):
    help = (
        "Validate every file in the content folder, then upsert patterns and components by slug "
        "in one transaction, removing what the files no longer hold. A broken file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--root",
            type=Path,
            default=None,
            help="content folder (default: settings.PATTERNS_CONTENT_DIR)",
        )

    def handle(self, *args: object, root: Path | None = None, **options: object) -> None:
        try:
            report = content_sync(root=root or settings.PATTERNS_CONTENT_DIR)
        except ContentError as error:
            raise CommandError(f"Content not loaded, the database is unchanged.\n{error}") from None
        self.stdout.write(report.describe())

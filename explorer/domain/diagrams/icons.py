"""The AWS Architecture Icons that diagram nodes show, vendored under static/diagram-icons/.

Each component slug maps to one icon of the npm package `aws-icons` (MIT licence, the
official AWS Architecture Icons; see static/diagram-icons/NOTICE.md for AWS's terms). The
files are copied, never fetched at run time: `make vendor-icons` (scripts/vendor-aws-icons)
re-vendors them from the pinned version below. Every icon is vendored twice: an SVG, which
is inlined into the diagram's SVG after rendering (graphviz cannot embed one, and the page and
the download must stay self-contained), and a PNG of it, which graphviz draws into PNG
renders and reads the size of for every layout.

A component without an icon here (a team's own pattern naming a new service) is drawn as a
labelled box, so new content never breaks a diagram.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PACKAGE = "aws-icons"
VERSION = "3.3.0"
# npm's integrity of the pinned tarball; the vendoring script refuses any other bytes.
INTEGRITY = "sha512-/ukOBw3a0n5cWRLJA75mC2WH/SttpLDfOCe1rgzfTfKaB13PTZp525sp7QDXW2tSH4AIggHzNdk8M8X+YfGKNQ=="
ICON_DIR = Path(__file__).resolve().parents[3] / "static" / "diagram-icons"

# Component slug -> the icon's path inside the package (without ".svg"). Lambda@Edge has no
# icon of its own: AWS draws it with the Lambda icon.
COMPONENT_ICONS: dict[str, str] = {
    "api-gateway": "architecture-service/AmazonAPIGateway",
    "cloudfront": "architecture-service/AmazonCloudFront",
    "cloudfront-functions": "resource/AmazonCloudFrontFunctions",
    "cloudwatch": "architecture-service/AmazonCloudWatch",
    "dynamodb": "architecture-service/AmazonDynamoDB",
    "elasticache": "architecture-service/AmazonElastiCache",
    "eventbridge": "architecture-service/AmazonEventBridge",
    "kinesis-data-firehose": "architecture-service/AmazonDataFirehose",
    "kinesis-data-streams": "architecture-service/AmazonKinesisDataStreams",
    "lambda": "architecture-service/AWSLambda",
    "lambda-at-edge": "architecture-service/AWSLambda",
    "opensearch": "architecture-service/AmazonOpenSearchService",
    "rds": "architecture-service/AmazonRDS",
    "s3": "architecture-service/AmazonSimpleStorageService",
    "ses": "architecture-service/AmazonSimpleEmailService",
    "sns": "architecture-service/AmazonSimpleNotificationService",
    "sqs": "architecture-service/AmazonSimpleQueueService",
    "step-functions": "architecture-service/AWSStepFunctions",
    "waf": "architecture-service/AWSWAF",
    "x-ray": "architecture-service/AWSXRay",
}
# Callers outside AWS (a client, a shop) get AWS's general "Client" resource icon.
ACTOR_ICON = "resource/Client"
# General resource icons are drawn in one dark colour, invisible on a dark page: their SVG
# copies are drawn in `currentColor` (AWS ships light and dark variants for this reason);
# their PNGs, drawn on white, keep the dark colour.
PAGE_COLOURED = frozenset({ACTOR_ICON})


def icon_name(package_path: str) -> str:
    """The vendored file name (no extension) of a package icon: "AWSLambda"."""
    return package_path.rsplit("/", 1)[-1]


def icon_for_component(slug: str) -> str | None:
    """The vendored icon name of a component, or None when it has none."""
    path = COMPONENT_ICONS.get(slug)
    return icon_name(path) if path else None


ACTOR_ICON_NAME = icon_name(ACTOR_ICON)


def all_icons() -> dict[str, str]:
    """Every vendored icon: name -> package path, in a stable order."""
    paths = sorted({*COMPONENT_ICONS.values(), ACTOR_ICON})
    return {icon_name(path): path for path in paths}


_SVG_ROOT_RE = re.compile(r"<svg\b[^>]*\bviewBox=\"([^\"]+)\"[^>]*>(.*)</svg>\s*$", re.DOTALL)


@cache
def icon_symbol_parts(name: str) -> tuple[str, str]:
    """The viewBox and inner markup of a vendored SVG icon, read once per process.

    Raises FileNotFoundError when the icon is not vendored and ValueError when the file is
    not the single-root, viewBox-carrying SVG the vendoring script writes.
    """
    text = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    match = _SVG_ROOT_RE.search(text)
    if match is None:
        raise ValueError(f"{name}.svg is not a vendored icon (no <svg viewBox=...> root)")
    return match.group(1), match.group(2).strip()

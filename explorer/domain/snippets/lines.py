"""Which lines of a SAM template or Terraform file configure which diagram node.

`node_lines(fmt, text, deployment)` maps 1-based line numbers to the diagram node of the
deployment resource each resource block belongs to (a block belongs to the resource whose
logical id, or Terraform name, starts its own: `ApiFunctionRole` to `ApiFunction`), and
log groups to the node that draws CloudWatch. So clicking the consumer's node highlights
the consumer's configuration, not every function's. Other formats map nothing.
"""

from __future__ import annotations

import re

from explorer.domain.deployment import Deployment
from explorer.domain.snippets.fixed import snake

SAM_RESOURCE_RE = re.compile(r"^  ([A-Za-z0-9]+):\s*$")
TERRAFORM_RESOURCE_RE = re.compile(r'^resource\s+"[a-z0-9_]+"\s+"([a-z0-9_]+)"')


def _owners(deployment: Deployment) -> dict[str, str]:
    """Block name prefix -> node: each resource's own id, and log groups to the monitoring node."""
    owners = {resource.id: resource.node for resource in deployment.resources if resource.node}
    for group in deployment.log_groups():
        node = deployment.monitoring_node or owners.get(group.owner, "")
        if node:
            owners[group.id] = node
    return owners


def _node_of(block: str, owners: dict[str, str]) -> str:
    prefix = max((name for name in owners if block.startswith(name)), key=len, default="")
    return owners.get(prefix, "")


def node_lines(fmt: str, text: str, deployment: Deployment) -> dict[int, str]:
    owners = _owners(deployment)
    if fmt == "sam":
        return _sam_lines(text.splitlines(), owners)
    if fmt == "terraform":
        return _terraform_lines(text.splitlines(), {snake(name): node for name, node in owners.items()})
    return {}


def _sam_lines(lines: list[str], owners: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    in_resources = False
    node = ""
    for number, line in enumerate(lines, start=1):
        if line and not line[0].isspace():
            in_resources = line.startswith("Resources:")
            node = ""
            continue
        if not in_resources:
            continue
        if match := SAM_RESOURCE_RE.match(line):
            node = _node_of(match.group(1), owners)
        if node:
            found[number] = node
    return found


def _terraform_lines(lines: list[str], owners: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    node = ""
    for number, line in enumerate(lines, start=1):
        if match := TERRAFORM_RESOURCE_RE.match(line):
            node = _node_of(match.group(1), owners)
        if node:
            found[number] = node
        if line.startswith("}"):
            node = ""
    return found

"""AWS's sample events, as `sam local generate-event` renders them, for the tests that run the
generated handlers (tests/test_handlers_run.py, tests/test_snippets_handlers.py). The templates
are vendored in tests/fixtures/aws_events/ (see its README)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

EVENTS = Path(__file__).parent / "fixtures" / "aws_events"


def sample_event(service: str, kind: str, **values: str) -> dict[str, Any]:
    """The event `sam local generate-event SERVICE KIND --tag value ...` prints: the template with
    each {{{tag}}} replaced by the given value or the tag's default, encoded (base64, url) or
    hashed (md5) as the event mapping says. Unlike SAM, values are JSON-escaped, so a JSON body
    can be given as it is."""
    tags = json.loads((EVENTS / "event-mapping.json").read_text())[service][kind]
    subs: dict[str, str] = {}
    for tag, spec in tags["tags"].items():
        name = tag.replace("-", "_")
        value = values.get(name, spec.get("default", ""))
        subs[name] = _transformed(spec, value)
        for child, child_spec in spec.get("children", {}).items():
            subs[child] = _transformed(child_spec, value)
    text = (EVENTS / service / f"{tags['filename']}.json").read_text()
    # Like chevron (SAM's renderer), a tag without a value renders as nothing.
    return json.loads(re.sub(r"\{\{\{(\w+)\}\}\}", lambda m: json.dumps(subs.get(m[1], ""))[1:-1], text))


def _transformed(spec: dict[str, str], value: str) -> str:
    if spec.get("encoding") == "base64":
        value = base64.b64encode(value.encode()).decode()
    elif spec.get("encoding") == "url":
        value = quote(value)
    if spec.get("hashing") == "md5":
        value = hashlib.md5(value.encode()).hexdigest()
    return value

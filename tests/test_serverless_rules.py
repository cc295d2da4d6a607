"""AWS's Serverless Rules (cfn-lint-serverless) over every SAM template of the grid.

The rules need cfn-lint 1.54 or later, and the main venv keeps cfn-lint below 1.54 (the last
that runs the SAM transform), so they live in `.venv-serverless-rules`, which `make install-dev`
builds from requirements-serverless-rules.txt. All templates go through one cfn-lint run.

A template has no finding except:
- the rules the templates deliberately do not follow, listed once with their reason in
  `explorer.domain.snippets.practices.SERVERLESS_RULES_NOT_FOLLOWED` (per resource, in the
  resource's cfn-lint metadata; everywhere, through --ignore-checks);
- a practice the configuration's user turned off (`TURNED_OFF`), on that configuration only.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from explorer.domain.snippets.practices import SERVERLESS_RULES_IGNORED_EVERYWHERE
from tests.grid import write_sam_templates

CFN_LINT = Path(__file__).resolve().parents[1] / ".venv-serverless-rules" / "bin" / "cfn-lint"

# Rule -> the parameter setting that turns its practice off. A finding of the rule is accepted
# on a template whose configuration has that setting, and on no other.
TURNED_OFF: dict[str, tuple[str, object]] = {
    "WS1000": ("tracing_enabled", False),  # Lambda tracing
    "WS2002": ("tracing_enabled", False),  # REST stage tracing
    "ES1001": ("failure_destination", False),  # stream event source on-failure destination
    "ES1007": ("dlq_enabled", False),  # asynchronous invocation on-failure destination
    "ES4000": ("dlq_enabled", False),  # EventBridge rule target dead-letter queue
    "ES6000": ("dlq_enabled", False),  # SQS redrive policy
}
FINDING = re.compile(r"^(?P<file>[^:]+):\d+:\d+:\d+:\d+:(?P<rule>[A-Z]+\d+):(?P<message>.*)$")

pytestmark = pytest.mark.skipif(
    not CFN_LINT.exists(),
    reason="needs .venv-serverless-rules (cfn-lint 1.54+ and cfn-lint-serverless): run make install-dev",
)


@pytest.mark.slow
def test_every_sam_template_follows_the_serverless_rules(tmp_path: Path) -> None:
    values = write_sam_templates(tmp_path)

    run = subprocess.run(
        [
            str(CFN_LINT),
            "--format",
            "parseable",
            "--append-rules",
            "cfn_lint_serverless.rules",
            "--ignore-checks",
            *SERVERLESS_RULES_IGNORED_EVERYWHERE,
            "--",
            *sorted(values),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    findings = [match for line in run.stdout.splitlines() if (match := FINDING.match(line))]
    assert findings or run.returncode == 0, run.stderr + run.stdout
    unexpected, accepted = [], []
    for finding in findings:
        turned_off = TURNED_OFF.get(finding["rule"])
        config = values[finding["file"]]
        if turned_off and config.get(turned_off[0]) == turned_off[1]:
            accepted.append(finding["rule"])
        else:
            slug = Path(finding["file"]).stem.rsplit("-", 1)[0]
            unexpected.append(f"{slug} {finding['rule']}: {finding['message']}")
    print(f"{len(values)} templates, {len(accepted)} findings where the user turned the practice off")
    assert unexpected == []
    # The rules did run: turning tracing off is reported.
    assert "WS1000" in accepted

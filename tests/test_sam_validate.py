"""`sam validate --lint` (AWS SAM CLI) passes on the SAM template of every bundle of the grid.

SAM CLI pins its own boto3, click and cfn-lint, so it lives in `.venv-sam-cli`, which
`make install-dev` builds from requirements-sam-cli.lock. scripts/sam-validate-many runs the
`sam` command in that venv once per template without paying its start-up each time; the
templates are split between two such processes.

`sam validate` translates the template with AWS's SAM translator (a bad event, policy template
or property of a serverless resource fails it) and `--lint` runs SAM CLI's cfn-lint on it. A
copy of one template with a value CloudFormation refuses shows that a failure is reported.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.grid import write_sam_templates

ROOT = Path(__file__).resolve().parents[1]
SAM_PYTHON = ROOT / ".venv-sam-cli" / "bin" / "python"
RUNNER = ROOT / "scripts" / "sam-validate-many"
PROCESSES = 2

pytestmark = pytest.mark.skipif(
    not SAM_PYTHON.exists(), reason="needs .venv-sam-cli (AWS SAM CLI): run make install-dev"
)


def sam_validate(paths: list[str]) -> dict[str, dict[str, object]]:
    """{path: {"exit_code", "output"}} from `sam validate --lint` on each template."""
    environment = {**os.environ, "SAM_CLI_TELEMETRY": "0"}
    chunks = [paths[start::PROCESSES] for start in range(PROCESSES)]
    runs = [
        subprocess.Popen(
            [str(SAM_PYTHON), str(RUNNER), *chunk],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for chunk in chunks
        if chunk
    ]
    results: dict[str, dict[str, object]] = {}
    for run in runs:
        stdout, stderr = run.communicate(timeout=900)
        assert run.returncode == 0, stderr
        for line in stdout.splitlines():
            result = json.loads(line)
            results[result.pop("path")] = result
    assert sorted(results) == sorted(paths), "sam-validate-many skipped a template"
    return results


@pytest.mark.slow
def test_sam_validate_lint_passes_on_every_bundle(tmp_path: Path) -> None:
    paths = sorted(write_sam_templates(tmp_path))
    canary = tmp_path / "refused.yaml"
    text = Path(paths[0]).read_text(encoding="utf-8")
    assert "BillingMode: PAY_PER_REQUEST" in text, "the canary needs a table billed on demand"
    canary.write_text(text.replace("BillingMode: PAY_PER_REQUEST", "BillingMode: BY_THE_HOUR", 1))

    results = sam_validate([*paths, str(canary)])

    canary_result = results.pop(str(canary))
    assert canary_result["exit_code"] != 0, canary_result["output"]
    assert "BY_THE_HOUR" in str(canary_result["output"])
    failures = {Path(path).name: result["output"] for path, result in results.items() if result["exit_code"]}
    print(f"sam validate --lint: {len(results)} templates, {len(failures)} failed")
    assert failures == {}

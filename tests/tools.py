"""The real tools the tests check generated files with."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TF_PLUGIN_DIR = Path("/opt/tf-plugins")
needs_terraform = pytest.mark.skipif(
    shutil.which("terraform") is None or not TF_PLUGIN_DIR.is_dir(),
    reason=f"needs a terraform binary and the hashicorp/aws provider mirrored in {TF_PLUGIN_DIR}",
)


def terraform_validate(folder: Path) -> subprocess.CompletedProcess[str]:
    """`terraform init` against the local provider mirror, then `terraform validate`, in `folder`;
    the first that fails, or the validation."""

    def terraform(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["terraform", *args, "-no-color"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    init = terraform("init", "-backend=false", "-input=false", f"-plugin-dir={TF_PLUGIN_DIR}")
    return init if init.returncode else terraform("validate")

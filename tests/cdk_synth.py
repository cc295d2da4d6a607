"""Synthesizes many generated CDK Python stacks in one app, in one process (jsii starts once).

    python tests/cdk_synth.py CASES_JSON OUTDIR

CASES_JSON lists [module, class name, stack name]; the modules sit beside this app's `src/`
like `cdk-python/stack.py` in the bundle. Each stack's template lands in OUTDIR as
`<stack name>.template.json`; a stack that fails to build is reported in OUTDIR/errors.json.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from pathlib import Path

import aws_cdk as cdk


def main(cases_path: str, outdir: str) -> None:
    cases = json.loads(Path(cases_path).read_text(encoding="utf-8"))
    sys.path.insert(0, str(Path(cases_path).parent))
    app = cdk.App(outdir=outdir, context={"aws:cdk:enable-path-metadata": True})
    errors = {}
    for module, class_name, stack_name in cases:
        try:
            getattr(importlib.import_module(module), class_name)(app, stack_name)
        except Exception as error:  # every failing stack is reported, not only the first
            errors[stack_name] = f"{error}\n{traceback.format_exc(limit=3)}"
    app.synth()
    Path(outdir, "errors.json").write_text(json.dumps(errors, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

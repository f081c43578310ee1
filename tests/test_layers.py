"""The layers of DESIGN.md rule 9 hold: import-linter's contracts in pyproject.toml, one test each, so that
``make test`` names the contract an import breaks (CI also runs ``lint-imports``)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_the_layer_contracts_are_declared() -> None:
    assert {c["id"] for c in CONTRACTS} == {"kernel", "apps", "cycles"}


@pytest.mark.parametrize("contract", [c["id"] for c in CONTRACTS])
def test_contract_is_kept(contract: str) -> None:
    # The console script next to this interpreter, run from the project's root so that the code checked
    # is this checkout's; no cache, so that an import added a moment ago counts.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache", "--contract", contract], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr

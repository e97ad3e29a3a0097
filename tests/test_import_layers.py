"""The layers contract (pyproject.toml, [tool.importlinter]) holds, and it really checks."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists() and shutil.which("lint-imports") is None,
    reason="import-linter is not installed (requirements-dev.txt)",
)


def _lint(*args: str) -> subprocess.CompletedProcess:
    command = str(LINT_IMPORTS) if LINT_IMPORTS.exists() else "lint-imports"
    return subprocess.run(
        [command, "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_imports_only_go_down_the_layers():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_upside_down_contract_is_reported_broken(tmp_path):
    # The same packages with the layers reversed: the real imports (positions uses delegations,
    # analysis uses positions) must break it, so the contract above is known to look at them.
    config = tmp_path / "upside-down.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["analysis", "positions", "delegations"]\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "upside down"\n'
        'type = "layers"\n'
        'layers = ["delegations", "positions", "analysis"]\n'
    )
    result = _lint("--config", str(config))
    assert result.returncode != 0
    assert "positions is not allowed to import delegations" in result.stdout
    assert "analysis is not allowed to import positions" in result.stdout

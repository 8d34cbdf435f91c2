"""Dependencies run one way (docs/architecture.md): core ← organisation ← accounts ←
domain apps ← metrics ← dashboard/reports/portal ← the project package. The
contract is import-linter's, in pyproject.toml; `make test` runs it too."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(package_parent: Path) -> subprocess.CompletedProcess:
    """lint-imports over the package found first on the path at `package_parent`."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    command = [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache"]
    return subprocess.run(command, cwd=package_parent, env=env, capture_output=True, text=True, timeout=300)


def test_no_layer_imports_a_higher_one():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("projects", "from zhaoshang.metrics import engine"),
        ("metrics", "from zhaoshang.dashboard import board"),
        ("core", "from zhaoshang.projects import models"),
    ],
)
def test_an_upward_import_breaks_the_contract(module, upward, tmp_path):
    """The contract does fail: a copy of the package where a lower layer imports a
    higher one is refused, naming the import."""
    shutil.copytree(ROOT / "zhaoshang", tmp_path / "zhaoshang", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    (tmp_path / "zhaoshang" / module / "upward.py").write_text(upward + "\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1 and f"zhaoshang.{module}.upward" in result.stdout, result.stdout


# A module a newcomer reads in one sitting (docs/architecture.md). The demo
# county's builder is one class whose steps share the random state and the
# county being built; it is data, not rules.
LONGEST_MODULE = 600
LONG_ON_PURPOSE = {"projects/demo.py"}


def test_no_module_is_longer_than_a_newcomer_reads_in_one_sitting():
    package = ROOT / "zhaoshang"
    too_long = {
        str(path.relative_to(package)): lines
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert set(too_long) <= LONG_ON_PURPOSE, too_long

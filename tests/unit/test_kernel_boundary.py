"""The kernel (services/motcua) imports no service and no tooling; services import no tooling.
Read from the source with ast, so an import hidden inside a function counts too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SERVICES = Path(__file__).resolve().parents[2] / "services"
SERVICE_PACKAGES = ("intake", "processing", "payment", "survey", "projector", "reporting")
TOOLING = "motcua_tools"


def imported(path: Path) -> set[str]:
    """Top-level package names a module imports (relative imports stay inside their package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def offenders(package: str, forbidden: set[str]) -> list[str]:
    return sorted(f"{path.relative_to(SERVICES)} imports {name}" for path in (SERVICES / package).rglob("*.py")
                  for name in imported(path) & forbidden)


def test_the_kernel_imports_no_service_and_no_tooling():
    assert offenders("motcua", {*SERVICE_PACKAGES, TOOLING}) == []


@pytest.mark.parametrize("service", SERVICE_PACKAGES)
def test_a_service_imports_no_tooling(service):
    assert offenders(service, {TOOLING}) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reporting.queries import dossier\n    import motcua_tools.bench\n")
    assert imported(module) == {"reporting", "motcua_tools"}


def test_every_service_package_is_checked():
    packages = {p.name for p in SERVICES.iterdir() if (p / "__init__.py").exists()}
    assert packages == {"motcua", TOOLING, *SERVICE_PACKAGES}

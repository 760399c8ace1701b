"""What the site imports at run time is installed by the production lock file, not only
by the development one (a command that works in tests must work on the server)."""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.test_architecture import LAYERS as APPS  # every project package

ROOT = Path(__file__).resolve().parents[1]


def runtime_imports() -> set[str]:
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - set(APPS)


def locked(lock: str) -> set[str]:
    text = (ROOT / lock).read_text()
    return {
        re.sub(r"[-_.]+", "-", name).lower()
        for name in re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.M)
    }


def test_every_package_the_site_imports_is_in_the_production_lock():
    distributions = packages_distributions()
    production = locked("requirements.lock")
    missing = {
        module: distributions.get(module)
        for module in runtime_imports()
        if not {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [])}
        & production
    }
    assert not missing, f"imported at run time but not in requirements.lock: {missing}"

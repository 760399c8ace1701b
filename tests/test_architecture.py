"""Imports point one way: no two apps import each other, however indirectly, no two
modules either, and the infrastructure (infra/) knows no newsroom app. Private parts of
Django and the libraries are reached from one guarded module only. Read from the source
with ``ast`` (imports inside functions count too)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# From the bottom up. A package may import those before it in this list, never after.
LAYERS = [
    "infra",
    "accounts",
    "images",
    "blocks",
    "pages",
    "articles",
    "ads",
    "live",
    "push",
    "reader",
    "api",
    "exchange",
    "newsroom",
]


def modules() -> dict[str, Path]:
    found = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                found[name.removesuffix(".__init__")] = path
    return found


def imported_names(path: Path):
    """(line, dotted name) for every import in the file; ``from a import b`` gives both
    ``a`` and ``a.b`` (b may be a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def module_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {target for _line, target in imported_names(path) if target in known} - {name}
        for name, path in known.items()
    }


def package_graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> where (file:line)."""
    graph: dict[str, dict[str, list[str]]] = {package: {} for package in LAYERS}
    for name, path in modules().items():
        package = name.split(".")[0]
        for line, target in imported_names(path):
            other = target.split(".")[0]
            if other in graph and other != package:
                graph[package].setdefault(other, []).append(f"{path.relative_to(ROOT)}:{line}")
    return graph


# The one module allowed past the documented API (tests/infra/test_internals.py guards it).
GUARDED = "infra.internals"


def private_uses(path: Path) -> list[str]:
    """``line: name`` for each private attribute used on anything but the code's own
    object (``self``, ``cls``), and each private name imported from a module outside
    the project. ``_meta`` is Django's documented Model API."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if (
                node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr != "_meta"
                and owner not in ("self", "cls")
            ):
                found.append(f"{node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] not in LAYERS
        ):
            parts = [*node.module.split("."), *(alias.name for alias in node.names)]
            found += [f"{node.lineno}: {node.module}" for part in parts if part[:1] == "_"]
    return found


def cycles(graph) -> list[set[str]]:
    """The strongly connected groups of more than one node (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while (member := stack.pop()) != node:
                on_stack.discard(member)
                group.add(member)
            on_stack.discard(node)
            group.add(node)
            if len(group) > 1:
                groups.append(group)

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_two_packages_import_each_other_even_indirectly():
    assert cycles(package_graph()) == []


def test_no_two_modules_import_each_other_even_indirectly():
    assert cycles(module_graph()) == []


def test_each_package_imports_only_the_layers_below_it():
    upward = {
        f"{package} -> {target}": places
        for package, targets in package_graph().items()
        for target, places in targets.items()
        if LAYERS.index(target) > LAYERS.index(package)
    }
    assert not upward, upward


def test_the_infrastructure_knows_no_newsroom_app():
    assert package_graph()["infra"] == {}


def test_the_cycle_finder_finds_a_cycle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [{"a", "b", "c"}]


def test_private_parts_of_libraries_are_used_in_the_guarded_module_only():
    elsewhere = {
        str(path.relative_to(ROOT)): uses
        for name, path in modules().items()
        if name != GUARDED and (uses := private_uses(path))
    }
    assert not elsewhere, elsewhere


def test_the_private_use_finder_sees_attributes_and_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.db.models.base import _private\n"
        "from articles.models import Article\n"
        "def f(queryset, self):\n"
        "    queryset._result_cache = []\n"
        "    self._own = Article._meta\n"
    )
    assert private_uses(sample) == ["1: django.db.models.base", "4: ._result_cache"]

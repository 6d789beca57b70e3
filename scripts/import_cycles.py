"""Package-level import cycles of a source tree, read from the AST (nothing is imported).

``python scripts/import_cycles.py [ROOT] [--package bot]`` prints every cycle between the packages of ROOT (the
folder that holds the package, default: the repository) and exits 1 when there is one. A module's imports count
for its package: ``bot.questions.view`` importing ``bot.questions.service`` is an edge ``bot.views → bot.questions``; a module
right in the top package (``bot.app.wiring``, ``bot.shared.context``) is a node of its own. Imports
under ``if TYPE_CHECKING:`` are left out (they never run), as are imports within one package.

The functions are meant for tests too: ``package_graph(root, "bot")`` gives the edges, ``cycles(graph)`` the
strongly connected groups of more than one package.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

Graph = dict[str, set[str]]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_of(module: str, top: str, packages: set[str]) -> str | None:
    """The deepest package of the tree that holds ``module``; a module right in the top package (``bot.shared.context``,
    ``bot.app.wiring``) is a node of its own, since the top package's modules are both the wiring and the base."""
    if module != top and not module.startswith(f"{top}."):
        return None
    name = module
    while name and name not in packages:
        name = name.rpartition(".")[0]
    if name == top and module != top:
        return ".".join(module.split(".")[:2])
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Absolute names of what a module imports at run time (``from a import b`` gives ``a.b`` and ``a``)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        stack.extend(ast.iter_child_nodes(node))


def package_graph(root: Path, top: str) -> Graph:
    """Edges between the packages under ``root/top``: package → the other packages its modules import."""
    files = sorted((root / top).rglob("*.py"))
    packages = {_module_name(f, root) for f in files if f.name == "__init__.py"} | {top}
    packages |= {_module_name(f.parent / "__init__.py", root) for f in files}  # namespace folders count too
    graph: Graph = {}
    for path in files:
        module = _module_name(path, root)
        source = _package_of(module, top, packages)
        if source is None:
            continue
        graph.setdefault(source, set())
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name in _imports(tree, module, path.name == "__init__.py"):
            target = _package_of(name, top, packages)
            if target is not None and target != source:
                graph[source].add(target)
                graph.setdefault(target, set())
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """Groups of packages that import each other, directly or round a loop (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def cycle_edges(graph: Graph, group: list[str]) -> list[tuple[str, str]]:
    """The imports that hold one group together."""
    members = set(group)
    return sorted((a, b) for a in group for b in graph[a] if b in members)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print package-level import cycles (exit 1 when there are any).")
    parser.add_argument("root", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--package", default="bot", help="the top package to look into (default bot)")
    args = parser.parse_args(argv)
    graph = package_graph(args.root, args.package)
    found = cycles(graph)
    for group in found:
        print(f"cycle of {len(group)} packages: {', '.join(group)}")
        for source, target in cycle_edges(graph, group):
            print(f"    {source} -> {target}")
    if not found:
        print(f"no import cycles between the packages of {args.package}/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

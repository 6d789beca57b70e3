"""The bot's layout holds: feature slices and the building blocks below them, read from the source's imports.

- No import cycle between packages (imports under ``if TYPE_CHECKING:`` are annotations only and do not count).
- The shared building blocks import no feature slice; nothing but the entry points imports the assembly (bot/app).
- Only the wiring builds services: a module with Telegram handlers constructs none of the classes the wiring does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = {"bot.shared", "bot.texts", "bot.llm", "bot.transcription", "bot.retrieval", "bot.buttons"}
ASSEMBLY = "bot.app"
ENTRY = "bot"  # the modules directly in bot/: __main__ and cli
WIRING = [ROOT / "bot" / "app" / "wiring.py", ROOT / "bot" / "__main__.py"]


def _package(root: Path, module: str) -> str:
    """``top.<package>`` for a module inside a package of the top package, else ``top`` (its entry modules)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if root.joinpath(*parts[:2]).is_dir() else parts[0]


def _runtime_imports(tree: ast.Module, top: str) -> Iterator[str]:
    typing_only = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for sub in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == top:
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == top)


def package_graph(root: Path = ROOT, top: str = "bot") -> dict[str, set[str]]:
    """Which packages of ``top`` each one imports at run time."""
    graph: dict[str, set[str]] = {}
    for path in (root / top).rglob("*.py"):
        module = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        source = _package(root, module)
        targets = {_package(root, name) for name in _runtime_imports(ast.parse(path.read_text()), top)}
        graph.setdefault(source, set()).update(targets - {source})
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """For every package that can reach itself, one path back to it."""
    found: list[list[str]] = []
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            if start in graph.get(node, ()):
                found.append([*path, start])
                break
            for nxt in sorted(graph.get(node, set()) - seen):
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return found


def _called_classes(path: Path) -> set[str]:
    """Capitalized names a module calls, bare (``B()``) or as an attribute (``a.B()``)."""
    called = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name[:1].isupper():
                called.add(name)
    return called


def _wired_classes() -> set[str]:
    """Classes defined in bot/ that the wiring constructs."""
    trees = [ast.parse(path.read_text()) for path in (ROOT / "bot").rglob("*.py")]
    defined = {node.name for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return defined & set().union(*(_called_classes(path) for path in WIRING))


def _handler_modules() -> Iterator[Path]:
    """Modules that define Telegram handlers: ``async def on_…(update or press, context)``."""
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("on_") and len(node.args.args) >= 2:
                yield path
                break


def test_no_import_cycle_between_packages() -> None:
    graph = package_graph()
    assert {"bot.speakers", "bot.shared"} <= graph["bot.people"]  # the graph is read from the real imports
    assert cycles(graph) == []


def test_shared_blocks_import_no_slice() -> None:
    graph = package_graph()
    leaks = {block: sorted(graph.get(block, set()) - SHARED) for block in SHARED}
    assert {block: targets for block, targets in leaks.items() if targets} == {}


def test_nothing_but_the_entry_points_imports_the_assembly() -> None:
    graph = package_graph()
    assert sorted(package for package, targets in graph.items() if ASSEMBLY in targets) == [ENTRY]


def test_handlers_construct_no_services() -> None:
    wired = _wired_classes()
    assert {"SummaryMessages", "VoiceRecognition", "Rediarizer", "QuestionService", "CallPipeline"} <= wired
    handlers = list(_handler_modules())
    assert len(handlers) >= 10
    built = {f"{path.relative_to(ROOT)}: {name}" for path in handlers for name in _called_classes(path) & wired}
    assert sorted(built) == []


def test_the_checker_finds_a_cycle_and_ignores_imports_for_type_checking(tmp_path: Path) -> None:
    files = {
        "top/a/one.py": "from top.b.two import X\n",
        "top/b/two.py": "import top.c.three\nX = 1\n",
        "top/c/three.py": "from top.a import one\n",
        "top/d/four.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from top.a import one\n",
        "top/entry.py": "from top.d import four\n",
    }
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    graph = package_graph(tmp_path, "top")
    assert graph["top.d"] == set() and graph["top"] == {"top.d"}
    assert cycles(graph) == [
        ["top.a", "top.b", "top.c", "top.a"],
        ["top.b", "top.c", "top.a", "top.b"],
        ["top.c", "top.a", "top.b", "top.c"],
    ]

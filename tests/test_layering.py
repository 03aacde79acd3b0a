"""The import structure of boernesag (issue 16, item 6 "Layering"), read from the source.

Three properties, each checked on the abstract syntax tree of every module under
``src/boernesag`` (nothing is imported, so a module that would only show its imports at run
time cannot hide them):

* no import cycle among boernesag modules;
* no module uses another module's private (``_x``) name: not by ``from m import _x``, not by
  ``m._x`` and not by ``getattr(m, "_x")`` (nor ``hasattr`` / ``setattr`` / ``delattr``);
* the modules sit in the layers declared in ``LAYERS`` below and no module imports a module of
  a higher layer ("data flows one way", /work/shared/style.md).

What counts as an import: ``import`` and ``from ... import`` statements anywhere in a module,
at module level, inside functions and classes, and inside ``if TYPE_CHECKING:`` blocks; and
``importlib.import_module("boernesag....")`` with a literal name. Function-level imports count
because moving an import into a function hides a cycle from Python's import machinery but not
from the design: the two modules still depend on each other. ``TYPE_CHECKING`` imports count
too, because a lower module that names a higher module's type depends on that module's design
just as much (only the run-time cost differs). ``from boernesag.p import m`` where ``m`` is a
submodule of ``p`` counts as an import of ``boernesag.p.m``. The implicit import of a
submodule's parent packages is not counted: a package's ``__init__`` that re-exports its own
submodules is the ordinary Python layout, not a cycle of the design.

Two kinds of module are not subject to the layer order: the package ``boernesag`` itself (the
public facade: it re-exports from every layer and loads the features lazily; only the glue
layer may import from it, for ``__version__``) and ``boernesag.cli.__main__`` (the ``python -m``
entry point). Modules whose own name is private (``boernesag._failures``, ``_markup``) are
package-internal building blocks: importing their public names from inside boernesag is what
they are for; their private names are as private as any other module's.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs

SRC = Path(__file__).resolve().parents[1] / "src" / "boernesag"

# The layers, lowest first. A module may import modules of its own layer or of a lower one,
# never of a higher one. An entry names a module or a package (a package entry covers all of
# its submodules that no longer entry names). Every module must be covered by exactly one
# entry, so a new module has to be placed here on purpose.
#
# - base: time, law data, the case model and its file formats: JSON (caseio) and the
#   one-row-per-event table (caseframe, pandas on first use). Knows no engine.
# - engines: everything that computes deadlines or findings from cases: the scalar deadline
#   engine, the columnar (numpy) engine and the audit. numpy is imported here only inside
#   boernesag.columnar, which the package does not import. Two engine modules turn pandas
#   frames into the engine's own input or output, loading pandas on first use: the
#   columnar frame reader (columnar.fromframe, behind the public EventTable.from_frame) and
#   the audit's report tables (audit.frame, behind the public boernesag.audit.report_to_frame).
#   They sit with their engine because that public API hangs them on it; they use only
#   base-layer pandas helpers (caseframe), never the glue.
# - features: what is built on the engines' results: handover and allocation.
# - glue: adapters across the whole library to other tools (boernesag.frame: pandas frames
#   of cases, deadlines, findings, allocations and the sagsliste; batch: the multi-process
#   runner; plot: matplotlib; progress: the progress line on stderr, tqdm if installed) and
#   the command line. Nothing below may import them: the library's long functions take a
#   ``progress`` callback instead.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "boernesag._failures",
            "boernesag._markup",
            "boernesag._texttable",
            "boernesag.errors",
            "boernesag.messages",
            "boernesag.cpr",
            "boernesag.bounds",
            "boernesag.periods",
            "boernesag.calendar",
            "boernesag.paragraphs",
            "boernesag.text",
            "boernesag.tomlcheck",
            "boernesag.law",
            "boernesag.model",
            "boernesag.caseio",
            "boernesag.caseframe",
            "boernesag.schema",
            "boernesag.demo",
            "boernesag.demo_intake",
        ),
    ),
    (
        "engines",
        (
            "boernesag.blocks",
            "boernesag.deadlines",
            "boernesag.columnar",
            "boernesag.audit",
        ),
    ),
    (
        "features",
        (
            "boernesag.handover",
            "boernesag.allocation",
        ),
    ),
    (
        "glue",
        (
            "boernesag.frame",
            "boernesag.batch",
            "boernesag.plot",
            "boernesag.progress",
            "boernesag.cli",
        ),
    ),
)

# Not in any layer (see the module docstring).
FACADES = frozenset({"boernesag", "boernesag.__main__", "boernesag.cli.__main__"})

# Private names one module may use of another: none (the engines' rewrite onto rule plans,
# issue 16, removed the last such use). Nothing may be added here.
PRIVATE_ALLOWED: frozenset[frozenset[str]] = frozenset()

_ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "hasattr", "setattr", "delattr"})


@attrs.frozen
class Import:
    """One import of a boernesag module by another, as written in the source."""

    importer: str
    target: str
    line: int
    how: str  # "module level", "in a function", "TYPE_CHECKING", "importlib"

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.target} ({self.how})"


@attrs.frozen
class PrivateUse:
    """One use of a name that starts with ``_`` of another boernesag module."""

    user: str
    owner: str
    name: str
    line: int
    how: str

    def __str__(self) -> str:
        return f"{self.user}:{self.line} uses {self.owner}.{self.name} ({self.how})"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Reader(ast.NodeVisitor):
    """Collects one module's imports of boernesag modules and its uses of private names.

    Names bound to a module (``import boernesag.x as m``, ``from boernesag import x``,
    ``m = importlib.import_module("boernesag.x")``) are tracked per module, not per scope:
    boernesag does not reuse such a name for something else.
    """

    def __init__(self, name: str, is_package: bool, modules: frozenset[str]) -> None:
        self.name = name
        self.package = name if is_package else name.rpartition(".")[0]
        self.modules = modules
        self.imports: list[Import] = []
        self.private: list[PrivateUse] = []
        self.bound: dict[str, str] = {}  # local name -> module
        self._depth = 0  # function nesting
        self._type_checking = 0

    def _how(self) -> str:
        if self._type_checking:
            return "TYPE_CHECKING"
        return "in a function" if self._depth else "module level"

    def _add(self, target: str, line: int, how: str | None = None) -> None:
        if target != self.name:
            self.imports.append(Import(self.name, target, line, how or self._how()))

    def _private(self, owner: str, name: str, line: int, how: str) -> None:
        if owner != self.name and _is_private(name):
            self.private.append(PrivateUse(self.name, owner, name, line, how))

    # scopes ---------------------------------------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._type_checking += 1
            for child in node.body:
                self.visit(child)
            self._type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    # imports --------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in self.modules:
                self._add(alias.name, node.lineno)
                if alias.asname:
                    self.bound[alias.asname] = alias.name
                else:
                    top = alias.name.partition(".")[0]
                    self.bound[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if source not in self.modules:
            return
        names_source = False
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            if submodule in self.modules:
                self._add(submodule, node.lineno)
                self.bound[alias.asname or alias.name] = submodule
            else:
                names_source = True
                self._private(source, alias.name, node.lineno, "from-import")
        if names_source:
            self._add(source, node.lineno)

    # uses -----------------------------------------------------------------------------
    def _module_of(self, node: ast.expr) -> str | None:
        """The boernesag module an expression such as ``m`` or ``boernesag.x.y`` names."""
        if isinstance(node, ast.Name):
            return self.bound.get(node.id)
        if isinstance(node, ast.Attribute):
            parent = self._module_of(node.value)
            if parent is not None and f"{parent}.{node.attr}" in self.modules:
                return f"{parent}.{node.attr}"
        return None

    def _import_module_call(self, node: ast.expr) -> str | None:
        """``importlib.import_module("boernesag.x")`` (or ``import_module(...)``): the name."""
        if not isinstance(node, ast.Call) or not node.args:
            return None
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = node.args[0]
        if (
            called in {"import_module", "__import__"}
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and first.value in self.modules
        ):
            return first.value
        return None

    def visit_Assign(self, node: ast.Assign) -> None:
        target = self._import_module_call(node.value)
        if target is not None:
            for t in node.targets:
                if isinstance(t, ast.Name):
                    self.bound[t.id] = target
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        target = self._import_module_call(node)
        if target is not None:
            self._add(target, node.lineno, "importlib")
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id in _ATTRIBUTE_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            owner = self._module_of(node.args[0]) or self._import_module_call(node.args[0])
            if owner is not None:
                self._private(owner, node.args[1].value, node.lineno, func.id)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        owner = self._module_of(node.value)
        if owner is not None and f"{owner}.{node.attr}" not in self.modules:
            self._private(owner, node.attr, node.lineno, "attribute")
        self.generic_visit(node)


@attrs.frozen
class Source:
    """All imports and private-name uses of the package."""

    modules: frozenset[str]
    imports: tuple[Import, ...]
    private: tuple[PrivateUse, ...]


def read_source() -> Source:
    files = module_files()
    modules = frozenset(files)
    imports: list[Import] = []
    private: list[PrivateUse] = []
    for name, path in files.items():
        reader = _Reader(name, path.name == "__init__.py", modules)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        # Bind module names first, so that a use above its import line is still seen.
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                reader.visit(node)
        reader.imports.clear()
        reader.private.clear()
        reader.visit(tree)
        imports += reader.imports
        private += reader.private
    return Source(modules, tuple(imports), tuple(private))


def import_cycles(imports: tuple[Import, ...]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a
    shortest cycle through its smallest module, sorted."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.importer, set()).add(imp.target)
        graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(_shortest_cycle(graph, c) for c in components)


def _shortest_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    for v in queue:  # breadth first, inside the component
        for w in sorted(graph[v] & component):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def layer_of(module: str) -> int | None:
    """The index in LAYERS of the longest entry covering ``module``."""
    best: tuple[int, int] | None = None  # (entry length, layer)
    for i, (_, entries) in enumerate(LAYERS):
        for entry in entries:
            covers = module == entry or module.startswith(entry + ".")
            if covers and (best is None or len(entry) > best[0]):
                best = (len(entry), i)
    return None if best is None else best[1]


def _iter_upward(source: Source) -> Iterator[str]:
    for imp in source.imports:
        if imp.importer in FACADES:
            continue
        if imp.target == "boernesag":
            if layer_of(imp.importer) != len(LAYERS) - 1:
                yield f"{imp}: only the glue layer imports the facade"
            continue
        low, high = layer_of(imp.importer), layer_of(imp.target)
        if low is None or high is None or high <= low:
            continue
        yield f"{imp}: {LAYERS[low][0]} imports {LAYERS[high][0]}"


# the tests -----------------------------------------------------------------------------

SOURCE = read_source()


def test_the_reader_sees_the_package() -> None:
    # The checks below pass trivially on an empty list; make sure they read something real.
    assert {"boernesag.deadlines", "boernesag.columnar.engine", "boernesag.cli"} <= (SOURCE.modules)
    assert any(
        i.importer == "boernesag.columnar.engine" and i.target == "boernesag.deadlines"
        for i in SOURCE.imports
    )
    assert len(SOURCE.imports) > 200


def test_the_reader_finds_what_it_looks_for() -> None:
    # Each kind of import and private use on a small example, so that a failing check above
    # can be trusted when it passes.
    modules = frozenset({"boernesag", "boernesag.a", "boernesag.b", "boernesag.p", "boernesag.p.c"})
    code = (
        "from typing import TYPE_CHECKING\n"
        "import importlib\n"
        "import boernesag.b\n"
        "from boernesag.p import c\n"
        "from boernesag.a import _hidden, shown\n"
        "if TYPE_CHECKING:\n"
        "    from boernesag.p.c import T\n"
        "def f():\n"
        "    from .. import a\n"
        "    m = importlib.import_module('boernesag.a')\n"
        "    return boernesag.b._x, c._y, getattr(m, '_z'), a.__name__, getattr(m, 'ok')\n"
    )
    reader = _Reader("boernesag.p.d", False, modules | {"boernesag.p.d"})
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            reader.visit(node)
    reader.imports.clear()
    reader.private.clear()
    reader.visit(tree)
    assert [(i.target, i.how) for i in reader.imports] == [
        ("boernesag.b", "module level"),
        ("boernesag.p.c", "module level"),
        ("boernesag.a", "module level"),
        ("boernesag.p.c", "TYPE_CHECKING"),
        ("boernesag.a", "in a function"),
        ("boernesag.a", "importlib"),
    ]
    assert [(p.owner, p.name, p.how) for p in reader.private] == [
        ("boernesag.a", "_hidden", "from-import"),
        ("boernesag.b", "_x", "attribute"),
        ("boernesag.p.c", "_y", "attribute"),
        ("boernesag.a", "_z", "getattr"),
    ]
    graph = (
        Import("boernesag.a", "boernesag.b", 1, ""),
        Import("boernesag.b", "boernesag.c", 1, ""),
        Import("boernesag.c", "boernesag.a", 1, ""),
        Import("boernesag.c", "boernesag.d", 1, ""),
    )
    assert import_cycles(graph) == [["boernesag.a", "boernesag.b", "boernesag.c", "boernesag.a"]]


def test_no_import_cycles() -> None:
    cycles = import_cycles(SOURCE.imports)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_private_names_across_modules() -> None:
    found = [str(p) for p in SOURCE.private if frozenset({p.user, p.owner}) not in PRIVATE_ALLOWED]
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_private_allowlist_is_still_needed() -> None:
    # An allowlist entry that is no longer used must be deleted, not left to cover new uses.
    used = {frozenset({p.user, p.owner}) for p in SOURCE.private}
    assert used >= PRIVATE_ALLOWED, sorted(map(sorted, PRIVATE_ALLOWED - used))


def test_every_module_has_a_layer() -> None:
    missing = sorted(m for m in SOURCE.modules - FACADES if layer_of(m) is None)
    assert not missing, f"modules not placed in LAYERS: {missing}"


def test_no_module_imports_a_higher_layer() -> None:
    upward = sorted(_iter_upward(SOURCE))
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)

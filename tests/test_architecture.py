"""The house has floors: an app imports only the apps below it, and no module imports
itself back through others. Read from the source with ``ast``, so nothing is imported."""

import ast
import pathlib
from collections import defaultdict

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Lowest first: an app may import only the apps listed before it.
FLOORS = ["alliance", "actors", "circles", "projects", "ideas", "roadmap", "network"]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
MAX_VIEW_LINES = 30


def _modules():
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if name.endswith(".__init__"):
                name = name.removesuffix(".__init__")
            yield name, path, ast.parse(path.read_text(), filename=str(path))


MODULES = {name: (path, tree) for name, path, tree in _modules()}


def _imported(name, node):
    """The project modules an import statement names."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        if node.level:
            package = name.split(".")
            if MODULES[name][0].name != "__init__.py":
                package = package[:-1]
            base = package[: len(package) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
    return [t for t in targets if t in MODULES]


def _top_level_imports(tree):
    """Imports run when the module loads (not those inside functions)."""
    for node in tree.body:
        yield from (
            n
            for n in ast.walk(node)
            if isinstance(n, (ast.Import, ast.ImportFrom)) and not _inside_function(tree, n)
        )


def _function_imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in ast.walk(node):
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    yield node, child


def _inside_function(tree, target):
    functions = (
        n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    )
    return any(child is target for function in functions for child in ast.walk(function))


def _of(app):
    return {name: value for name, value in MODULES.items() if name.split(".")[0] == app}


@pytest.mark.parametrize("app", FLOORS)
def test_every_app_imports_only_the_floors_below_it(app):
    wrong = []
    for name, (_path, tree) in _of(app).items():
        allowed = set(FLOORS[: FLOORS.index(app) + 1])
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _imported(name, node):
                    if target.split(".")[0] not in allowed:
                        wrong.append(f"{name}:{node.lineno} imports {target}")
    assert wrong == []


def test_no_module_imports_itself_back_at_load_time():
    graph = defaultdict(set)
    for name, (_path, tree) in MODULES.items():
        for node in _top_level_imports(tree):
            for target in _imported(name, node):
                if target != name:
                    graph[name].add(target)
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


@pytest.mark.parametrize("app", FLOORS)
def test_every_import_inside_a_function_says_why(app):
    silent = []
    for name, (path, tree) in _of(app).items():
        lines = path.read_text().splitlines()
        for _function, node in _function_imports(tree):
            here = lines[node.lineno - 1]
            above = lines[node.lineno - 2] if node.lineno > 1 else ""
            if "# deferred:" not in here and "# deferred:" not in above:
                silent.append(f"{name}:{node.lineno} {here.strip()}")
    assert silent == []


@pytest.mark.parametrize("app", FLOORS)
def test_no_module_is_longer_than_the_limit(app):
    long = [
        f"{name}: {len(path.read_text().splitlines())} lines"
        for name, (path, _tree) in _of(app).items()
        if len(path.read_text().splitlines()) > MAX_MODULE_LINES
        and not name.endswith(("demo", "demo_data"))
    ]
    assert long == []


@pytest.mark.parametrize("app", FLOORS)
def test_no_function_is_longer_than_the_limit(app):
    long = []
    for name, (_path, tree) in _of(app).items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert long == []


@pytest.mark.parametrize("app", FLOORS)
def test_views_stay_thin(app):
    long = []
    for name, (_path, tree) in _of(app).items():
        if not name.split(".")[-1].startswith("views"):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_VIEW_LINES:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert long == []

"""The shape of ui/: screens ask only their host, and no module grows into a tangle again.

Read from the source (ast), so the rules hold for code no other test happens to run.
"""

import ast

from uihelp import ROOT

UI = ROOT / "ui"
MAX_LINES = 600
# What a screen may not touch: the composition root, the core service, the threads.
# Screens ask ui.screens.host.ScreenHost instead.
REACHES = {"runtime", "circulation", "config", "worker", "win", "store", "pad", "doors"}


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_screens_import_nothing_of_the_ui_above_them():
    offenders = {}
    for path in sorted((UI / "screens").glob("*.py")):
        above = sorted(
            node.module
            for node in ast.walk(_tree(path))
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("ui.")
            and not node.module.startswith("ui.screens")
        )
        if above:
            offenders[path.name] = above
    assert offenders == {}


def test_screens_never_reach_through_their_host_into_the_core():
    offenders = {}
    for path in sorted((UI / "screens").glob("*.py")):
        reaches = sorted(
            {
                f"line {node.lineno}: .{node.attr}"
                for node in ast.walk(_tree(path))
                if isinstance(node, ast.Attribute) and node.attr in REACHES
            }
        )
        if reaches:
            offenders[path.name] = reaches
    assert offenders == {}


def test_no_ui_module_is_over_600_lines_without_saying_why_at_its_top():
    too_long = {}
    for path in sorted(UI.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        docstring = ast.get_docstring(_tree(path)) or ""
        if lines > MAX_LINES and "lines" not in docstring:
            too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}

"""The shape of ui/: screens ask only their host, and no module grows into a tangle again.

Read from the source (ast), so the rules hold for code no other test happens to run.
"""

import ast

from uihelp import ROOT

UI = ROOT / "ui"
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

"""The wheel built from this project runs outside a checkout, and ships no test rig.

The project is copied (without tests, docs or the virtual environment), built into a wheel
with the shared venv's pip and installed into an empty target directory. ``kiosk run
--check`` then runs on the demo site from a directory outside the checkout, with only the
target and the venv's site-packages on the path. Python runs with ``-S``: the venv's
editable install maps the product packages to a checkout through a ``.pth`` file, which
``-S`` leaves unread, and the test asserts every product module came from the target.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT_PACKAGES = ["central", "cli", "drivers", "kiosk", "runtime", "sync", "ui"]
# What a build needs from the checkout is everything but these.
NOT_BUILT = shutil.ignore_patterns(
    ".git",
    ".venv",
    "var",
    "build",
    "*.egg-info",
    "__pycache__",
    ".hypothesis",
    ".ruff_cache",
    ".pytest_cache",
    "tests",
    "docs",
    "bench",
)


def run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the directory it is installed in)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_BUILT)
    pip = [sys.executable, "-m", "pip"]
    # --no-index: nothing is fetched, so a mistaken argument cannot pull a registry package.
    built = run(
        [*pip, "wheel", "--no-index", "--no-deps", "--no-build-isolation", "-w", "dist", source],
        cwd=base,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = (base / "dist").glob("*.whl")
    target = base / "target"
    done = run([*pip, "install", "--no-index", "--no-deps", "--target", target, wheel])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return wheel, target


def outside_python(
    target: Path, code_or_module: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Python with the installed wheel and the venv's dependencies, but not the checkout."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]]),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return run([sys.executable, "-S", *code_or_module], cwd=cwd, env=env)


def test_wheel_ships_the_product_and_no_test_rig(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith("-info")}
    assert top_level == set(PRODUCT_PACKAGES)
    rigs = [n for n in names if n.endswith(("testrig.py", "vcard.py", "sync/testing.py"))]
    assert rigs == []
    assert {"runtime/demo/default.toml", "runtime/demo/demo-ecard.key"} <= set(names)
    # The screens' pictograms and their set's licence (the screens draw them at run time).
    icons = {p.name for p in (ROOT / "ui" / "icons").glob("*.svg")}
    assert "book.svg" in icons
    assert {f"ui/icons/{n}" for n in [*icons, "LICENSE", "README.md"]} <= set(names)
    assert (ROOT / "config" / "demo-ecard.key").read_bytes() == zipfile.ZipFile(wheel).read(
        "runtime/demo/demo-ecard.key"
    )


def test_no_product_module_imports_the_test_rigs() -> None:
    """The wheel has no tests/ package: a product import of it would break an installed kiosk."""
    offenders = []
    for package in PRODUCT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                if any(name.split(".")[0] == "tests" for name in names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_installed_wheel_runs_the_demo_site_outside_the_checkout(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, target = installed
    where = outside_python(
        target,
        [
            "-c",
            "import importlib, json, sys; print(json.dumps("
            "{p: importlib.import_module(p).__file__ for p in sys.argv[1:]}))",
            *PRODUCT_PACKAGES,
        ],
        tmp_path,
    )
    assert where.returncode == 0, where.stderr[-3000:]
    for package, file in json.loads(where.stdout).items():
        assert Path(file).is_relative_to(target), f"{package} imported from {file}"

    checked = outside_python(target, ["-m", "cli", "run", "--check"], tmp_path)
    assert checked.returncode == 0, checked.stderr[-3000:]
    status = json.loads(checked.stdout.strip().splitlines()[-1])
    assert status["terminal_id"] == "HZ-DEMO-01"
    assert status["demo"] is True and status["unavailable"] == {}
    # The demo site keeps its store relative to where the kiosk was started.
    assert (tmp_path / "var" / "kiosk.db").exists()

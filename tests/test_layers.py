"""Base apps do not import features: features plug into the base apps' registries.

A check on the source until import contracts run in CI (STYLE.md, 7a).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "plein"
FEATURES = (
    "plein.announcements",
    "plein.alerts",
    "plein.mail",
    "plein.governance",
    "plein.knowledge",
    "plein.api",
    "plein.demo",
    "plein.bench",
)
# Imports that predate this check, outside the notifications work; each is
# for the lead to move behind a registry.
KNOWN = {
    ("people/security.py", "plein.governance.compliance.audit"),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _feature_imports(app: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "tests" in path.parts:
            continue  # tests drive flows across apps
        for name in _imports(path):
            if name.startswith(tuple(f"{f}." for f in FEATURES) + FEATURES):
                found.add((str(path.relative_to(ROOT)), name))
    return found


def test_notifications_import_no_feature():
    assert _feature_imports("notifications") == set()


def test_people_import_no_feature():
    assert _feature_imports("people") - KNOWN == set()


def test_the_check_sees_a_feature_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from plein.mail.tasks import x\n")
    assert _imports(module) == {"plein.mail.tasks"}

"""Base apps name no feature: features plug into the base apps' registries.

``make lint`` checks the Python imports (import-linter, pyproject.toml). This
checks what import-linter cannot see: the base apps' templates. A base
template that includes a feature's template, loads its template tags or
links to its pages breaks when the feature is left out, and puts the
feature's page where the feature cannot decide about it; it names a slot
(``{% fragments "…" %}``) or a menu (``{% menu "…" %}``) instead.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "plein"
BASE_APPS = ("core", "people", "groups", "posts", "feed", "notifications", "search")
FEATURE_APPS = [
    path.parent
    for path in ROOT.rglob("apps.py")
    if path.parent.relative_to(ROOT).parts[0] not in BASE_APPS
    and path.parent.name not in ("access", "api", "demo", "bench")
]


def _feature_names() -> tuple[set[str], set[str], set[str]]:
    """Template folders, template tag libraries and URL namespaces of features."""
    folders, libraries, namespaces = set(), set(), set()
    for app in FEATURE_APPS:
        templates = app / "templates"
        if templates.is_dir():
            folders.update(p.name for p in templates.iterdir() if p.is_dir())
        tags = app / "templatetags"
        if tags.is_dir():
            libraries.update(p.stem for p in tags.glob("*.py") if p.stem != "__init__")
        urls = app / "urls.py"
        if urls.exists():
            found = re.search(r'app_name = "(\w+)"', urls.read_text())
            if found:
                namespaces.add(found.group(1))
    return folders, libraries, namespaces


def _base_templates() -> list[Path]:
    paths = list((ROOT / "templates").rglob("*.html"))
    for app in BASE_APPS:
        paths += (ROOT / app / "templates").rglob("*.html")
    return paths


def test_base_templates_name_no_feature() -> None:
    folders, libraries, namespaces = _feature_names()
    problems = []
    for path in _base_templates():
        text = path.read_text()
        where = path.relative_to(ROOT)
        includes = re.findall(r'\{%\s*(?:include|extends)\s+"([^/"]+)/', text)
        problems += [
            f"{where} includes a template of {name!r}"
            for name in includes
            if name in folders
        ]
        loads = " ".join(re.findall(r"\{%\s*load\s+([^%]+)%\}", text)).split()
        problems += [
            f"{where} loads the tags of {library!r}"
            for library in loads
            if library in libraries
        ]
        urls = re.findall(r"\{%\s*url\s+['\"](\w+):", text)
        problems += [
            f"{where} links to {namespace!r}"
            for namespace in urls
            if namespace in namespaces
        ]
    assert problems == []


def test_the_check_knows_the_features() -> None:
    folders, libraries, namespaces = _feature_names()
    assert {"wiki", "qna", "announcements", "moderation"} <= folders
    assert {"qna", "moderation", "recognition"} <= libraries
    assert {"wiki", "qna", "alerts", "compliance"} <= namespaces
    assert "posts" not in folders | namespaces

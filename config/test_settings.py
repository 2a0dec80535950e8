"""Settings for the test suite: the real settings with tasks run inline.

Django resolves task backends when a @task is declared, so the backend has to
be chosen before the apps load; that is why this is a module and not a fixture.
"""

from config.env import env_str
from config.settings import *  # noqa: F403
from config.settings import DATA_DIR

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Hashing with argon2 costs ~50 ms a password; tests create hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One folder per pytest-xdist worker: exports are named by their row id, and
# two workers' databases hand out the same ids.
MEDIA_ROOT = DATA_DIR / "test-media" / env_str("PYTEST_XDIST_WORKER", "main")
# Exports likewise; tests that look at the stored zips give the storage a
# folder of their own (the exports_storage fixture).
EXPORTS_ROOT = (
    DATA_DIR / "test-media" / "exports" / env_str("PYTEST_XDIST_WORKER", "main")
)
LINK_PREVIEWS = False
# Relevance search ranks in the database unless a test turns the engine on
# (plein/search/tests/test_engine.py, with a directory of its own).
SEARCH_ENGINE = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(EXPORTS_ROOT)},
    },
}

# Several test runs may share one PostgreSQL server (developers, CI, helpers
# running suites side by side); each run gets its own test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {"NAME": f"test_plein_{os.getpid()}"}  # noqa: F405

# Real queue backends beside the inline one, so tests can drive the database
# worker and an RQ worker on Redis exactly as production does.
TASKS["database"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}
TASKS["redis"] = {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
RQ_QUEUES = {
    "default": {
        "URL": env_str("REDIS_TEST_URL", "redis://127.0.0.1:6379/15"),
        "DEFAULT_TIMEOUT": 60,
    }
}

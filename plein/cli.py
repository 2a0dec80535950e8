"""The ``plein`` console command: Django's management commands under one name.

``plein serve``, ``plein worker``, ``plein demo``, ``plein createadmin``,
``plein token create EMAIL`` and ``plein bench`` are management commands;
everything ``manage.py`` knows works too (``plein migrate``).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["plein", *sys.argv[1:]])


if __name__ == "__main__":
    main()

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

    args = sys.argv[1:]
    # `plein mail-in` reads better than `plein mail_in`; both work.
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["plein", *args])


if __name__ == "__main__":
    main()

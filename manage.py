#!/usr/bin/env python
import os
import sys

CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "showmigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")
    # Code-only commands sign nothing and serve nothing: they may run without a secret key
    # (the settings refuse to start without one everywhere else).
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        import secrets

        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

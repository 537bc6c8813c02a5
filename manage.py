#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerplan.settings")
    # manage.py is the developer's command, so it is in development mode unless the environment
    # says otherwise; production sets DEBUG=false (.env.example, docker-compose.yml). The web
    # server's entry point (cancerplan/wsgi.py) keeps the settings' default: off.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

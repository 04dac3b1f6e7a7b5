"""ASGI entry point of the example project (Django's, with the charset guard of
``django_problems.asgi``): ``uvicorn example_project.asgi:application``."""

import os

from django_problems.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
application = get_asgi_application()

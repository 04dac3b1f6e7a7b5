"""WSGI entry point of the example project (Django's, with the charset guard of
``django_problems.wsgi``)."""

import os

from django_problems.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
application = get_wsgi_application()

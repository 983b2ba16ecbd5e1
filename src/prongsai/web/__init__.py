"""The Django project: settings, URLs, WSGI/ASGI, project-wide templates, static files and template filters.

It is also installed as an app (label ``web``) so that its templates, static files and the ``thai``
template filters are found. Domain code lives in ``prongsai.apps``; pure logic in ``prongsai.core``.
"""

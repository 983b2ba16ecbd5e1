"""The public portal of each agency (``/p/<slug>/…``) and its staff pages (``/a/<slug>/portal/…``).

See ``docs/portal.md``.
"""

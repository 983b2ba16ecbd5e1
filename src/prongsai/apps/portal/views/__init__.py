"""The portal's pages, one module per role: ``public`` (``/p/<slug>/…``) and ``staff``
(``/a/<agency_slug>/portal/…``); what both use is in ``_common``."""

"""The complaint channel's pages, one module per role: ``public`` (the reporter's, ``/p/<slug>/complaints/…``)
and ``staff`` (the complaint officers', ``/a/<agency_slug>/complaints/…``)."""

"""The shared base of the apps: small helpers every domain app may use, importing no domain app.

- ``actors``: ``real_actor`` (the signed-in person, or None for the system and anonymous visitors)
- ``auditing``: the audit hook (``audit_change``; the audit app registers the recorder in its ``ready()``)
- ``forms``: Thai field messages, Thai date and money fields, ``ThaiModelForm``, ``save_form``, ``lines``
- ``views``: ``row_edit_page``, the add/edit page of one agency row
- ``services``: ``agency_row_save``, the audited create/update of one agency row
- ``files``: private file storage and content sniffing of uploads
- ``downloads``: every download's headers (``mark_attachment``, ``document_response``)
- ``qr``: QR codes (segno) as PNG and SVG
- ``opendata``: the open-data registry (``register_dataset``), filled by the apps in ``AppConfig.ready()``
- ``demo``: demo people and the demo-step registry (``register_demo_step``) that ``load_demo`` runs
- ``abuse``: the anonymous public forms' limits: single-use signed form tokens (``SpentFormToken``, the base's one
  table), per-client counters under an hourly-salted hash of the address (cache only), ``anonymous_form_view``
- ``logfilter``: no request data in Django's log records on the anonymous paths (complaints, survey links)
"""

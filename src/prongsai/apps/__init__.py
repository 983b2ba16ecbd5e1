"""Django apps, one per domain. Writes go through each app's ``services``, reads through ``selectors``."""

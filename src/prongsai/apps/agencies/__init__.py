"""Agencies (the tenants) and their units. People and roles come later, here too."""

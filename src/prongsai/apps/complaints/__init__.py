"""The complaint and whistleblower channel: anonymous or confidential reports, a receipt code, officers only.

See ``docs/complaints.md`` for the guarantees and where each is tested.
"""

"""The audit log: who changed what, and when, in which agency. Services call ``services.audit_record``."""

"""Security features of the web layer (docs/threat-model.md): Thai password rules, the client address behind a
trusted proxy, the TOTP second factor (enrolment, the step after the password, the administrators' requirement)."""

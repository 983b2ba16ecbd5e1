"""Registers kept by staff: the No Gift Policy declaration and the gifts-received register (O21/O22).
A later issue adds asset borrowing here."""

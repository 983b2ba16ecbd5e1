"""ITA results per agency and fiscal year, always scored by ``prongsai.core``."""

"""Settings: ``base`` (shared), ``local`` (development, the default), ``test`` (pytest), ``production``."""

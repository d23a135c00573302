"""The ``tradeviz`` subcommands, one module each (loaded lazily by :mod:`tradeviz.cli`)."""

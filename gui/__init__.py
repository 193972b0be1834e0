"""Sluis: the gate between a laptop and the networks its owner may enter."""

# The single source of the version (pyproject reads it): no importlib.metadata at start-up, which
# costs a CLI call some 30 ms.
__version__ = "0.1.0"

APP_NAME = "Sluis"
APP_ID = "org.sluis.Sluis"

"""Sluis: the gate between a laptop and the networks its owner may enter."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sluis")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "Sluis"
APP_ID = "org.sluis.Sluis"

"""Entry point of the frozen Sluis (PyInstaller): the same ``main`` as the ``sluis`` command."""

import sys

from gui.cli import main

if __name__ == "__main__":
    sys.exit(main())

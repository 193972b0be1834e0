"""``python -m gui.helper``: the same program as the installed ``sluis-helper``."""

import sys

from gui.helper.main import main

sys.exit(main())

"""The real signed eduVPN lists the tests use, in one place.

The 2022-12 lists ship inside the package (``gui/data/discovery``, byte for byte the same files),
so they are always at hand. The 2021-03 lists live only in ``../shared/discovery`` beside the
checkout (``$SLUIS_SHARED_DIR`` points elsewhere): without them a test that needs them skips
and says so; CI (``SLUIS_REQUIRE_SHARED=1``, set by .ci/run) fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "gui" / "data" / "discovery"


def shared_discovery() -> Path:
    return Path(os.environ.get("SLUIS_SHARED_DIR") or ROOT.parent / "shared") / "discovery"


def list_dir(period: str) -> Path:
    """The folder holding ``period``'s server and organization lists with their signatures."""
    shared = shared_discovery() / period
    if shared.is_dir():
        return shared
    if period == "2022-12":
        return BUNDLED
    reason = f"the {period} signed lists live in {shared} (beside the checkout, as in CI)"
    if os.environ.get("SLUIS_REQUIRE_SHARED"):
        pytest.fail(f"SLUIS_REQUIRE_SHARED is set but {reason} is missing")
    pytest.skip(reason)

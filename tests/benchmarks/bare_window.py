"""The yardstick of the start-up benchmark: a bare PySide6 window and a tray icon, nothing else.

Prints ``first-paint <unix time> rss-kb <kB>`` like ``sluis`` does under ``SLUIS_BENCH_FIRST_PAINT``
(the time at its first paint event, the resident memory after ``SLUIS_BENCH_IDLE_MS`` of idling),
then quits.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSystemTrayIcon


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Window(QMainWindow):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._painted: float | None = None
        self.setCentralWidget(QLabel("bare"))
        self.resize(460, 560)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._painted is None:
            self._painted = time.time()
            QTimer.singleShot(int(os.environ.get("SLUIS_BENCH_IDLE_MS", "0") or 0), self._report)

    def _report(self) -> None:
        print(f"first-paint {self._painted:.6f} rss-kb {rss_kb()}", flush=True)
        self._app.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    # The tray icon Sluis shows too, where a tray host runs (Xvfb + a tray host in the benchmark).
    tray = None
    if QSystemTrayIcon.isSystemTrayAvailable():
        pixmap = QPixmap(22, 22)
        pixmap.fill()
        tray = QSystemTrayIcon(QIcon(pixmap))
        tray.show()
    window = Window(app)
    window.show()
    code = app.exec()
    del tray
    return code


if __name__ == "__main__":
    sys.exit(main())

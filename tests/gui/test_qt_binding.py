"""Guards against a Qt binding that corrupts reference counts (PySide6 6.12.0 did, fatally)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

CALLS = 500


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None, True and False are immortal from Python 3.12 (PEP 683): a binding's miscount moves "
    "the number but can never free them, so there is nothing to guard (seen on Debian 13, Python 3.13)",
)
def test_void_and_bool_calls_keep_singleton_refcounts(qapp) -> None:
    edit = QLineEdit()
    timer = QTimer()
    calls: list[Callable[[], object]] = [
        lambda: edit.setText("x"),
        lambda: timer.start(1000),
        QApplication.processEvents,
        edit.isVisible,
        edit.isEnabled,
    ]
    for call in calls:
        before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
        for _ in range(CALLS):
            call()
        after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
        # Other threads and caches move these a little; a binding bug moves them by CALLS.
        assert all(a - b > -CALLS // 2 for a, b in zip(after, before, strict=True)), (call, before, after)
    timer.stop()

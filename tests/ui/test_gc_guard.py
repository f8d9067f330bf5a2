"""Cycles are collected on the GUI thread's timer, never by a worker thread that happens to allocate; the GUI thread
waits for the GIL no longer than the app's switch interval."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiteticket.ui.assembly import SWITCH_INTERVAL_SECONDS, application
from kiteticket.ui.gc_guard import GarbageCollector, collect_due


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_timer_collects(qtbot: QtBot) -> None:
    owner = QObject()
    was_enabled = gc.isenabled()
    try:
        GarbageCollector(owner)
        assert not gc.isenabled()
        gc.collect()
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()
        assert gc.get_count()[0] > gc.get_threshold()[0], "nothing collected the cycles behind the timer's back"
        qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=5_000)
    finally:
        if was_enabled:
            gc.enable()


def test_nothing_is_collected_before_a_threshold_is_passed() -> None:
    gc.collect()
    cycles = [Cycle() for _ in range(5)]
    del cycles
    waiting = gc.get_count()[0]
    assert collect_due() == 0
    assert gc.get_count()[0] >= waiting, "a young generation below its threshold was collected early"


def test_the_app_bounds_how_long_the_gui_thread_waits_for_the_gil() -> None:
    sys.setswitchinterval(0.005)  # Python's default
    try:
        application([])
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_SECONDS)
        assert SWITCH_INTERVAL_SECONDS <= 0.001
    finally:
        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)

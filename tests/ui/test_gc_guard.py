"""Cycles are collected on the GUI thread's timer, never by a worker thread that happens to allocate."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

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

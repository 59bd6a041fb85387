"""Time limits nest: the one that ends first raises its own exception, and an outer limit
goes on after an inner one with the time it had left."""

from __future__ import annotations

import signal
import time

import pytest

from vitrina.deadline import time_limit


class Outer(Exception):
    pass


class Inner(Exception):
    pass


def test_the_limit_stops_the_work() -> None:
    with pytest.raises(Inner), time_limit(0.2, Inner):
        time.sleep(5)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # no timer left behind


def test_a_sooner_outer_limit_raises_its_own() -> None:
    with pytest.raises(Outer), time_limit(0.2, Outer), time_limit(5, Inner):
        time.sleep(5)


def test_the_outer_limit_goes_on_after_an_inner_one() -> None:
    with pytest.raises(Outer), time_limit(0.6, Outer):
        with time_limit(0.3, Inner):
            time.sleep(0.05)
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.6
        time.sleep(5)

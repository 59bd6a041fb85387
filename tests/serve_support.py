"""Helpers for the `vitrina serve` tests: a preview of a cut-down exhibition, and a
client for its event stream that waits for a state, with a bound, never a fixed sleep."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import copy_sample, keep_panels

#: The longest a test waits for a build to show (a cold build of one panel is ~20 s on
#: a busy 2-core machine; the bound only keeps a broken server from hanging the suite).
BUILD_WAIT_S = 240.0
CAPTION = "A Soviet stamp dedicated to the 50th anniversary"
NEW_CAPTION = "A Soviet postage stamp, issued for the 50th anniversary"


def small_exhibition(folder: Path) -> Path:
    """The sample cut down to its captions panel (a poster, booklet pages, a label)."""
    return keep_panels(copy_sample(folder), "stamp")


class Events:
    """The preview's server-sent events, read one state at a time."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=BUILD_WAIT_S)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        self.last: dict[str, Any] | None = None

    def next_state(self, deadline: float | None = None) -> dict[str, Any] | None:
        """The next state sent, or None once ``deadline`` (monotonic) has passed: the
        stream sends a comment every 15 s, so a wait never outlasts it by much more."""
        event, data = None, []
        while deadline is None or time.monotonic() < deadline:
            line = self.response.fp.readline()
            if not line:
                raise AssertionError("the event stream ended")
            text = line.decode().rstrip("\r\n")
            if text.startswith("event:"):
                event = text.partition(":")[2].strip()
            elif text.startswith("data:"):
                data.append(text.partition(":")[2].strip())
            elif not text and event == "state" and data:
                self.last = json.loads("\n".join(data))
                return self.last
        return None

    def wait_for(
        self, condition: Callable[[dict[str, Any]], bool], what: str, timeout: float = BUILD_WAIT_S
    ) -> dict[str, Any]:
        """The first state (the current one included) for which ``condition`` holds."""
        deadline = time.monotonic() + timeout
        if self.last is not None and condition(self.last):
            return self.last
        while time.monotonic() < deadline:
            state = self.next_state(deadline)
            if state is not None and condition(state):
                return state
        raise AssertionError(f"no state with {what} within {timeout:.0f} s; last: {self.last}")

    def close(self) -> None:
        self.connection.close()


def ready(state: dict[str, Any]) -> bool:
    """Every output built and shown, no problem."""
    return state["status"].get("state") == "ready" and state.get("error") is None


def poster(state: dict[str, Any], panel: str = "stamp") -> dict[str, Any] | None:
    for entry in state.get("panels", []):
        if entry["id"] == panel:
            return entry["poster"]
    return None

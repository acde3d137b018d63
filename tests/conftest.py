"""Shared fixtures: the snapshot served on loopback for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.snapshot.server import SnapshotServer


@pytest.fixture(scope="session")
def snapshot() -> Iterator[SnapshotServer]:
    with SnapshotServer() as server:
        yield server

"""Shared fixtures: the snapshot served on loopback for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.snapshot.server import SnapshotServer


@pytest.fixture(scope="session")
def snapshot() -> Iterator[SnapshotServer]:
    with SnapshotServer() as server:
        yield server


@pytest.fixture(scope="module")
def module_snapshot() -> Iterator[SnapshotServer]:
    """A server for one test module alone: its request log sees only that module's crawls,
    and pages it changes (``set_page``) change for nobody else."""
    with SnapshotServer() as server:
        yield server

"""Test support, one package imported as ``tests.support.<module>``:

* :mod:`tests.support.harness` — run real ``scrapy crawl`` subprocesses against served pages;
* :mod:`tests.support.gold` — load hand-written gold items and extract the same pages in-process;
* :mod:`tests.support.faults` — fault routes (status, delay, drop, truncation …) and synthetic
  中工网 article pages, served by the project's one loopback server
  (:class:`crawler.snapshot.server.SnapshotServer`).

``pytest`` finds the ``tests`` package through ``pythonpath = ["."]`` (pyproject.toml).
"""

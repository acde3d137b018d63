"""Scrapy's filesystem HTTP cache, with entries that a killed crawl cannot tear.

``FilesystemCacheStorage`` writes an entry's files one by one into its directory, metadata
before the body: a crawl killed between the two (SIGKILL, power loss) leaves an entry whose
metadata says "cached" over a missing or cut body, and the next run, answered 304, extracts
that cut body (seen as "no article body" for a page that has one). Here each entry is written
whole into a staging directory and renamed into place; a kill leaves the old entry or none.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scrapy import Request, Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Response


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    _staging: Path | None = None

    def _get_request_path(self, spider: Spider, request: Request) -> str:
        if self._staging is not None:  # Scrapy's store_response writes where this points
            return str(self._staging)
        return super()._get_request_path(spider, request)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        final = Path(super()._get_request_path(spider, request))
        staging = final.with_name(f".{final.name}.{os.getpid()}.new")
        old = final.with_name(f".{final.name}.{os.getpid()}.old")
        shutil.rmtree(staging, ignore_errors=True)  # what an earlier kill left
        self._staging = staging
        try:
            super().store_response(spider, request, response)
        finally:
            self._staging = None
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)  # a kill from here to the next line leaves no entry: a miss
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)

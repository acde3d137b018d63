"""The embedded article store (SQLite) and its atomic JSON-lines export.

One row per article: series articles are keyed by series and member (``series:<series>:<member
key>``; the member key is the province short name for province-level members, else the member
name without whitespace), so a re-published or moved article replaces its member's row; other
pages are keyed by their canonical URL. Every upsert is
one transaction (WAL journal, ``synchronous=NORMAL``), so a run killed mid-write leaves the
previous state; only a power loss can roll back the last commits.
A changed article keeps its previous versions in ``history``.

A run holds ``<resolved path>.lock`` (an exclusive ``flock``) for its lifetime: two crawls never
write the same store, whichever symlink they reach it through. A row whose ``item_json`` cannot be
read is *damaged*: it is repaired by the next upsert of that article and, until then, named by
:meth:`ArticleStore.damaged` and refused by the export (the previous export is kept). Every failure a user can meet is a :class:`StoreError` with one plain sentence.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.clean.series import member_key

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    series TEXT,
    member TEXT,
    province TEXT,
    url TEXT NOT NULL,
    canonical_url TEXT,
    title TEXT,
    published_at TEXT,
    content_hash TEXT NOT NULL,
    item_json TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    last_changed TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_province ON articles (province);
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
CREATE INDEX IF NOT EXISTS articles_series ON articles (series);
CREATE TABLE IF NOT EXISTS history (
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    item_json TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (key, version)
);
"""

_COLUMNS = ("series", "member", "province", "url", "canonical_url", "title", "published_at",
            "content_hash")


class StoreError(Exception):
    """A store problem, as one plain sentence naming the file and what to do."""


def article_key(item: dict[str, Any]) -> str:
    """``series:<series>:<member key>`` for series articles, else ``url:<canonical or url>``.

    The member key is :func:`crawler.clean.series.member_key`: the province short name for
    province-level members, else the member name without whitespace.
    """
    key = member_key(item.get("member"), item.get("province"))
    if item.get("series") and key:
        return f"series:{item['series']}:{key}"
    return f"url:{item.get('canonical_url') or item['url']}"


def _load(text: Any) -> dict[str, Any] | None:
    """A stored item, or None where its JSON is damaged."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _publication_sort_key(item: dict[str, Any], key: str) -> tuple[int, int, float, str]:
    when: float | None = None
    if item.get("published_at"):
        with contextlib.suppress(ValueError, TypeError):
            when = datetime.fromisoformat(item["published_at"]).timestamp()
    return (0 if item.get("series") else 1, 0 if when is not None else 1, when or 0.0, key)


class ArticleStore:
    """The store at ``path``; holds the run's lock until :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self._lock_fd: int | None = None
        self._conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the directory for the article store {self.path} "
                f"({exc.strerror or exc}); choose a writable STORE_PATH."
            ) from None
        self._take_lock()
        try:
            self._conn = self._connect(timeout)
        except BaseException:
            self.close()
            raise

    # -- opening -------------------------------------------------------------------------------
    def _take_lock(self) -> None:
        # The resolved path: a store reached through a symlink has the same lock.
        lock_path = f"{self.path.resolve()}.lock"
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the lock file {lock_path} ({exc.strerror or exc}); "
                "make its directory writable or choose another STORE_PATH."
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise StoreError(
                f"Another crawl is using {self.path} (lock held by pid {holder}); "
                "wait for it to finish."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._lock_fd = fd

    def _connect(self, timeout: float) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            # Read-only check first: a damaged file must be reported, not written to.
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                conn.close()
                raise StoreError(
                    f"The article store {self.path} is damaged ({check[:80]}); restore it "
                    "from a backup or move it away to start a new store."
                )
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: every commit is atomic and survives a killed process; only a power
            # loss can roll back the last commits. FULL cost ~1.5 ms of fsync per article.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("BEGIN IMMEDIATE")  # also proves the file is writable now
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise StoreError(
                    f"The article store {self.path} was written by a newer version of the "
                    f"crawler (schema {version}); upgrade the crawler or use another STORE_PATH."
                )
            if version == 1:
                _migrate_1_to_2(conn)
            if version < SCHEMA_VERSION:
                for statement in filter(str.strip, SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
            return conn
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise self._error(exc) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    def _error(self, exc: sqlite3.Error) -> StoreError:
        """One plain sentence for an SQLite error, sorted by its result code, not its text."""
        name = getattr(exc, "sqlite_errorname", "") or ""
        detail = str(exc)
        if name == "SQLITE_FULL":
            return StoreError(
                f"The disk holding the article store {self.path} is full; free some space "
                "and run the crawl again (the store keeps everything written before)."
            )
        if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or name.startswith("SQLITE_CORRUPT"):
            return StoreError(
                f"{self.path} is not a readable article store ({detail}); move it aside "
                "or delete it, and run the crawl again to rebuild it."
            )
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return StoreError(
                f"The article store {self.path} is locked by another program; close it "
                "(or wait for it to finish) and run the crawl again."
            )
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
            return StoreError(
                f"Cannot write the article store {self.path} ({detail}); check that the file "
                "and its directory are writable."
            )
        if name.startswith("SQLITE_IOERR"):
            return StoreError(
                f"Reading or writing the article store {self.path} failed ({detail}); check "
                "the disk it is on and run the crawl again."
            )
        return StoreError(
            f"The article store {self.path} failed ({detail}); check the file or choose "
            "another STORE_PATH."
        )

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"The article store {self.path} is closed; open it again.")
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def upsert(self, item: dict[str, Any]) -> str:
        """Store one item; returns ``"new"``, ``"changed"`` or ``"unchanged"``."""
        key = article_key(item)
        now = _now()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                status = self._upsert(conn, key, item, now)
                conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (SQLITE_FULL, SQLITE_IOERR): a second
                # ROLLBACK would fail and hide the real error.
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return status

    def _upsert(self, conn: sqlite3.Connection, key: str, item: dict[str, Any], now: str) -> str:
        row = conn.execute(
            "SELECT content_hash, version, item_json, url, canonical_url FROM articles "
            "WHERE key = ?", (key,)
        ).fetchone()
        values = [item.get(c) for c in _COLUMNS]
        item_json = json.dumps(item, ensure_ascii=False)
        if row is None:
            conn.execute(
                "INSERT INTO articles (key, series, member, province, url, canonical_url, title, "
                "published_at, content_hash, item_json, first_seen, last_seen, last_changed, "
                "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (key, *values, item_json, now, now, now),
            )
            return "new"
        old_hash, version, old_json, old_url, old_canonical = row
        stored = _load(old_json)
        if stored is None:
            # Damaged: repaired from this item whatever its content hash says; the damaged
            # text is not worth keeping as a version.
            conn.execute(
                "UPDATE articles SET series = ?, member = ?, province = ?, url = ?, "
                "canonical_url = ?, title = ?, published_at = ?, content_hash = ?, "
                "item_json = ?, last_seen = ?, last_changed = ? WHERE key = ?",
                (*values, item_json, now, now, key),
            )
            return "changed"
        if old_hash != item["content_hash"]:
            conn.execute(
                "INSERT OR REPLACE INTO history (key, version, content_hash, item_json, "
                "replaced_at) VALUES (?, ?, ?, ?, ?)",
                (key, version, old_hash, old_json, now),
            )
            conn.execute(
                "UPDATE articles SET series = ?, member = ?, province = ?, url = ?, "
                "canonical_url = ?, title = ?, published_at = ?, content_hash = ?, "
                "item_json = ?, last_seen = ?, last_changed = ?, version = ? WHERE key = ?",
                (*values, item_json, now, now, version + 1, key),
            )
            return "changed"
        if (old_url, old_canonical) != (item["url"], item.get("canonical_url")):
            for name in ("url", "canonical_url", "site"):
                if name in item:
                    stored[name] = item[name]
            conn.execute(
                "UPDATE articles SET url = ?, canonical_url = ?, item_json = ?, last_seen = ? "
                "WHERE key = ?",
                (item["url"], item.get("canonical_url"), json.dumps(stored, ensure_ascii=False),
                 now, key),
            )
        else:
            conn.execute("UPDATE articles SET last_seen = ? WHERE key = ?", (now, key))
        return "unchanged"

    # -- reading -------------------------------------------------------------------------------
    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _rows(self, series: str | None = None) -> list[tuple[str, str | None, Any]]:
        sql = "SELECT key, url, item_json FROM articles"
        params: tuple[Any, ...] = ()
        if series is not None:
            sql, params = sql + " WHERE series = ?", (series,)
        return [(k, u, _load(j)) for k, u, j in self._query(sql + " ORDER BY key", params)]

    def articles(self, order: str = "publication",
                 series: str | None = None) -> list[dict[str, Any]]:
        """Every readable stored item (of ``series``, if given): series articles by publication
        time (undated last), then others. Damaged rows are left out: see :meth:`damaged`."""
        if order not in ("publication", "key"):
            raise ValueError(f"unknown order {order!r}; use 'publication' or 'key'")
        rows = [(key, stored) for key, _, stored in self._rows(series) if stored is not None]
        if order == "publication":
            rows.sort(key=lambda row: _publication_sort_key(row[1], row[0]))
        return [stored for _, stored in rows]

    def damaged(self, series: str | None = None) -> list[tuple[str, str]]:
        """``(key, url)`` of every row whose stored item cannot be read."""
        return [(key, url or "") for key, url, stored in self._rows(series) if stored is None]

    def damage_report(self, series: str | None = None,
                      export: str | os.PathLike[str] | None = None) -> str | None:
        """One sentence naming the damaged rows (of ``series``), or None when there are none."""
        damaged = self.damaged(series)
        if not damaged:
            return None
        named = ", ".join(url or key for key, url in damaged[:3])
        more = f" and {len(damaged) - 3} more" if len(damaged) > 3 else ""
        kept = f" (the previous export {export} is kept)" if export else ""
        return (f"The article store {self.path} holds {len(damaged)} damaged article(s) "
                f"({named}{more}); crawl them again to repair them{kept}.")

    def url_for_member(self, series: str | None, member_key: str) -> str | None:
        """The stored URL of a series member (``series`` None: in any series)."""
        sql = ("SELECT url FROM articles WHERE series IS NOT NULL "
               "AND key = 'series:' || series || ':' || ?")
        params: tuple[Any, ...] = (member_key,)
        if series is not None:
            sql, params = sql + " AND series = ?", (member_key, series)
        rows = self._query(sql + " ORDER BY last_seen DESC LIMIT 1", params)
        return rows[0][0] if rows else None

    def item_for_url(self, url: str) -> dict[str, Any] | None:
        """The stored item fetched from ``url`` (or with it as canonical URL), or None."""
        rows = self._query(
            "SELECT item_json FROM articles WHERE url = ? OR canonical_url = ? "
            "ORDER BY url = ? DESC, last_seen DESC", (url, url, url)
        )
        for (text,) in rows:
            stored = _load(text)
            if stored is not None:
                return stored
        return None

    def page_sha256_for(self, url: str) -> str | None:
        """sha256 of the page bytes the stored article at ``url`` was extracted from."""
        rows = self._query("SELECT item_json FROM articles WHERE url = ?", (url,))
        for (text,) in rows:
            stored = _load(text)
            if stored is not None:
                return stored.get("page_sha256")
        return None

    def members(self, series: str) -> list[str]:
        """Member keys stored for ``series``."""
        prefix = f"series:{series}:"
        rows = self._query("SELECT key FROM articles WHERE series = ? ORDER BY key", (series,))
        return sorted(key[len(prefix):] for (key,) in rows if key.startswith(prefix))

    def series_names(self) -> list[str]:
        rows = self._query(
            "SELECT DISTINCT series FROM articles WHERE series IS NOT NULL "
            "AND key LIKE 'series:%' ORDER BY series"
        )
        return [r[0] for r in rows]

    def history_for(self, key: str) -> list[dict[str, Any]]:
        """Previous versions of ``key``, oldest first."""
        rows = self._query(
            "SELECT version, content_hash, item_json, replaced_at FROM history WHERE key = ? "
            "ORDER BY version", (key,)
        )
        return [{"version": v, "content_hash": h, "item": _load(j), "replaced_at": r}
                for v, h, j, r in rows]

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM articles")[0][0])

    def provinces(self) -> list[str]:
        """Provinces that have a stored series article (any series)."""
        rows = self._query(
            "SELECT DISTINCT province FROM articles WHERE series IS NOT NULL "
            "AND province IS NOT NULL ORDER BY province"
        )
        return [r[0] for r in rows]

    # -- export --------------------------------------------------------------------------------
    def export_jsonl(self, path: str | os.PathLike[str], series: str | None = None) -> int:
        """Write every stored item (of ``series``, if given; publication order) to ``path``
        atomically; returns the count.

        A damaged row refuses the export (StoreError naming it; the previous export is kept):
        an export silently missing an article would look complete.
        """
        target = Path(path)
        damage = self.damage_report(series, target)
        if damage:
            raise StoreError(damage)
        items = self.articles(series=series)
        tmp_name: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(target)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                            suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                for item in items:
                    out.write(json.dumps(item, ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp_name, 0o644)
            os.replace(tmp_name, target)
            tmp_name = None
            _fsync_dir(target.parent)
        except OSError as exc:
            raise StoreError(
                f"Cannot write the export {target} ({exc.strerror or exc}); check that its "
                "directory is writable and the disk is not full (the previous export is kept)."
            ) from None
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
        return len(items)


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary exports left by a killed run. The caller holds the store lock, so no running
    export of this store owns one."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2 in the open transaction: the ``member`` column, and ``member`` in every
    stored item (schema 1 keyed series rows by province, which is the schema 2 member key)."""
    conn.execute("ALTER TABLE articles ADD COLUMN member TEXT")
    conn.execute("UPDATE articles SET member = province || '工会' "
                 "WHERE series IS NOT NULL AND province IS NOT NULL")
    for table, key_columns in (("articles", ("key",)), ("history", ("key", "version"))):
        where = " AND ".join(f"{c} = ?" for c in key_columns)
        rows = conn.execute(f"SELECT {', '.join(key_columns)}, item_json FROM {table}").fetchall()
        for *ids, text in rows:
            stored = _load(text)
            if stored is None or "member" in stored:
                continue
            province = stored.get("province")
            stored["member"] = f"{province}工会" if province and stored.get("series") else None
            conn.execute(f"UPDATE {table} SET item_json = ? WHERE {where}",
                         (json.dumps(stored, ensure_ascii=False), *ids))


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

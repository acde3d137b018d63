"""A bundled, offline snapshot of the series, served over real HTTP on loopback.

``sites/<name>/`` holds one folder per site; ``server.SnapshotServer`` serves each on its own
127.0.0.1 port. See ``sites/README.md`` for what is real and what is synthetic.
"""

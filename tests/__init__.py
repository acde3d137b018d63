"""The test suite: a package, so its support modules import as ``tests.support.*``."""

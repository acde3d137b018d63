"""Item pipelines, in the order they run: extract (clean + normalize), validate, store."""

"""Project commands; ``crawl`` replaces Scrapy's to turn failures into one sentence + exit code."""

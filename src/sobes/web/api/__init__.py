"""The JSON API under /api/: the same data as the pages, in the CLI's --format json shapes."""

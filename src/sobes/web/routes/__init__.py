"""HTML pages, one module per page group."""

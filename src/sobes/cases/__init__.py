"""Take-home cases (the electrolysis soft sensor first)."""

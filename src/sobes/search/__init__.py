"""Search: lexical (FTS5 over words and lemmas), semantic (embeddings) and their fusion."""

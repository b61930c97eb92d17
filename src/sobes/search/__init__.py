"""Search: lexical (FTS5 over words and lemmas), semantic (embeddings) and their fusion.

    text       words, lemmas (pymorphy3 ru + uk, light English folding), stop words
    query      a query as terms; typo budget; edit distance
    glossary   EN/RU/UK equivalents of DS terms (words find cards in the other languages)
    tables     the index tables (FTS5 on SQLite) and change counters
    index      keeping the index in step with the cards (lazily, before a search)
    lexical    FTS5 bm25 over words (prefix) and lemmas, typo correction by trigrams
    memory     the same lexical search in memory, for databases without FTS5
    semantic   the card vectors as a cached matrix; query embedding
    fusion     per-language calibrated similarity + a lexical boost
    snippet    escaped text with <mark> around the matched words
    service    one search end to end: filters, duplicate groups, hits
    api        the Library mixin: lib.search(...)
"""

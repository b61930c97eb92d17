"""Multilingual sentence embeddings: one pluggable encoder and vectors stored per card."""

from sobes.embed.encoder import Encoder, encoder_problem, get_encoder, reset_encoder
from sobes.embed.vectors import FIELDS, ensure_vectors, field_text, load_vectors

__all__ = [
    "FIELDS",
    "Encoder",
    "encoder_problem",
    "ensure_vectors",
    "field_text",
    "get_encoder",
    "load_vectors",
    "reset_encoder",
]

"""One error hierarchy: the core raises these, adapters turn them into one line or a 4xx."""


class SobesError(Exception):
    """Base of every error sobes reports to a person."""

    http_status = 400


class UnknownFormatError(SobesError):
    """The file's format could not be recognised (or a forced format does not exist)."""

    http_status = 415


class BadInputError(SobesError):
    """The input is unreadable: binary, empty, wrongly encoded, truncated or too large."""

    http_status = 400


class NotFoundError(SobesError):
    """No card, source or file with that name."""

    http_status = 404


class StoreError(SobesError):
    """The library database cannot be opened or migrated."""

    http_status = 500

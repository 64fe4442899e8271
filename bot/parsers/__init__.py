"""Pure parsers: one module per upstream, response body (bytes) → References. No I/O."""


class UpstreamBodyError(ValueError):
    """The body is an error message (an ``<ERROR>`` inside HTTP 200, an error JSON) or is malformed/truncated."""

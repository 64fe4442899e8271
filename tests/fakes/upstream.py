"""Fake upstreams on 127.0.0.1 (placeholder until the sources land)."""

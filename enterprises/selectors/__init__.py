"""Queries of the enterprises app, one module per sub-domain."""

"""Commands of the enterprises app, one module per sub-domain (DESIGN.md rule 10)."""

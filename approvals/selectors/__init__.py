"""Queries of the approvals app (DESIGN.md rule 1), one module per sub-domain."""

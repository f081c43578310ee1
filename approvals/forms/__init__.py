"""Forms of the approvals app, one module per sub-domain."""

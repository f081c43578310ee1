"""The feedback forms, one module per sub-domain: they parse input; services decide."""

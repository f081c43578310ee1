"""Reading the feedback data, one module per sub-domain: querysets and plain values."""

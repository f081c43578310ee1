"""Commands on hazards (E6) and key units (E7), one module per sub-domain."""

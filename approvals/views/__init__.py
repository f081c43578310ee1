"""Views of the approvals app, one module per sub-domain (``urls/`` mirrors them)."""

"""The feedback pages, one module per sub-domain; ``feedback/urls.py`` maps them."""

"""Matching rules: the shop's records and words → our customers, products, services, VAT, methods."""

"""Diacritizer implementations other than the project's own model (peers, for comparison)."""

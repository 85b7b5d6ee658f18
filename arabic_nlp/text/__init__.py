"""Typed text functions over the compiled grammars (normalize, romanize, ...)."""

"""Data readers, evaluation and metrics."""

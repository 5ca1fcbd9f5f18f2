"""Conversions at the edges of the service: analysis results to storage, results to responses."""

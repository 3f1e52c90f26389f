"""Periodic jobs of the recognition side of the programme."""

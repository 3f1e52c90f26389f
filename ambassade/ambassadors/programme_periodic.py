"""Periodic jobs of the programme side of the programme."""

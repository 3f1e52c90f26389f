"""Periodic jobs of the content side of the programme."""

"""Signals of the listening app.

`mention_flagged` is sent (sender=Mention, mention=...) once per mention, when a mention that is
not a duplicate (nor from a competitor's source) is found to be a question or a worry (at enrichment
or by a label correction). The inbox listens to it; if its receiver fails, the mention is flagged
again at its next enrichment or correction.
"""

from django.dispatch import Signal

mention_flagged = Signal()

"""What the programme tells other apps (the rewards catalogue listens), without knowing them."""

from django.dispatch import Signal

# kwargs: ambassador (withdrawn or left, inside the transaction that records it)
programme_left = Signal()

# kwargs: ambassador (turned off "show me on leaderboards": pages that named them must stop doing so)
naming_withdrawn = Signal()

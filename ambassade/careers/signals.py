"""What the pipeline tells other apps (the referral programme listens), without knowing them.

Both are sent inside the writing transaction, so that a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# kwargs: application (just stored)
application_submitted = Signal()
# kwargs: application (as saved), before (the previous stage), actor
application_moved = Signal()

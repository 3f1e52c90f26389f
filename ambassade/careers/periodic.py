from datetime import timedelta

from ambassade.careers.services import job_offers_close_expired, job_offers_publish_due
from ambassade.core.periodic import periodic


@periodic(every=timedelta(minutes=5))
def publish_scheduled_job_offers() -> None:
    job_offers_publish_due()


@periodic(every=timedelta(hours=1))
def close_expired_job_offers() -> None:
    """An offer closes the day after its closing date (the closing date is the last day to apply)."""
    job_offers_close_expired()

import pytest

from ambassade.core.audit import audit_record
from ambassade.core.models import AppendOnlyError, AuditEvent


@pytest.mark.django_db
def test_an_audit_event_names_the_actor_and_the_object(world) -> None:
    event = audit_record(
        actor=world.users["admin"],
        action="entity.update",
        organisation=world.organisation,
        target=world.hq,
        changes={"name": ["Siège", "Siège social"]},
    )
    assert (event.actor_label, event.target_type, event.target_label) == ("admin", "orgs.entity", "Siège")


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted(world) -> None:
    event = audit_record(actor=None, action="demo.load", organisation=world.organisation)
    assert event.actor_label == "system"
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "demo.load"


@pytest.mark.django_db
def test_the_audit_log_refuses_bulk_changes_and_deletions(world) -> None:
    audit_record(actor=world.users["admin"], action="entity.update", organisation=world.organisation)
    events = AuditEvent.objects.filter(organisation=world.organisation)
    with pytest.raises(AppendOnlyError):
        events.delete()
    with pytest.raises(AppendOnlyError):
        events.update(action="forged")
    with pytest.raises(AppendOnlyError):
        events.pseudonymise(action="forged")
    assert events.pseudonymise(actor_label="erased-1") == 1
    assert events.get().action == "entity.update"

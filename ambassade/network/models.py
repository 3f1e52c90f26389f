"""What is kept of an ambassador's LinkedIn network, with their consent: a snapshot of counts and keyed
hashes of their connections' profile URLs. Never names, e-mails, positions or the file itself."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.models import Ambassador
from ambassade.orgs.models import Organisation


class NetworkConsent(models.Model):
    """The ambassador agreed to the network text of this version (withdrawing deletes this row and the
    data; the audit log keeps that it happened)."""

    ambassador = models.OneToOneField(Ambassador, on_delete=models.CASCADE, related_name="network_consent")
    text_version = models.CharField(max_length=20)
    language = models.CharField(max_length=5, default="fr")
    given_at = models.DateTimeField()

    class Meta:
        verbose_name = _("network consent")
        verbose_name_plural = _("network consents")

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.text_version}"


class NetworkSnapshot(models.Model):
    """The counts of one ambassador's last upload (a re-upload replaces it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    ambassador = models.OneToOneField(Ambassador, on_delete=models.CASCADE, related_name="network_snapshot")
    uploaded_at = models.DateTimeField()
    connections = models.PositiveIntegerField(default=0)
    hashes = models.PositiveIntegerField(default=0)  # distinct profile URLs kept as keyed hashes
    by_company = models.JSONField(default=list)  # [[company, count], ...] top 20, then ["", other]
    by_category = models.JSONField(default=dict)  # {category: count}
    by_year = models.JSONField(default=dict)  # {"2024": count}

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        indexes = [models.Index(fields=["organisation", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.ambassador_id}: {self.connections}"


class ConnectionHash(models.Model):
    """HMAC-SHA256 of one connection's normalised profile URL, keyed per organisation: comparable between
    colleagues of the same organisation, not reversible, meaningless elsewhere."""

    # Two indexes only (a million rows for 2,000 ambassadors): (organisation, digest) for the reach and the
    # overlaps, and the ambassador's (their own figures, replacing or deleting their upload).
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="connection_hashes")
    digest = models.BinaryField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["organisation", "digest"])]

    def __str__(self) -> str:
        return f"{self.ambassador_id}:{bytes(self.digest).hex()[:12]}"


class NetworkFigures(models.Model):
    """The last computed pass over the hashes of one scope (the organisation, or a manager's department
    subtree): distinct reach, the department overlap matrix and the strongest common connections between
    the graph's nodes. Counts only, between department groups and opted-in named ambassadors; computed in
    the background after each upload or deletion (one computation at a time per scope: requests made
    meanwhile are folded into one more run), so that the page never waits for a million hashes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=20, blank=True)  # "": the organisation; else a department's id
    requested = models.PositiveIntegerField(default=0)  # bumped by every request
    computed_generation = models.PositiveIntegerField(default=0)  # the request the data answers
    computing_since = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the running computation
    computed_at = models.DateTimeField(null=True, blank=True)
    signature = models.CharField(max_length=64, blank=True)  # uploads and grouping the data was made of
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("network figures")
        verbose_name_plural = _("network figures")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "scope"], name="network_figures_unique_scope")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.scope or '*'}"

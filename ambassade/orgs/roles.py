from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("HR admin")
    COMMS = "comms", _("Communication officer")
    RECRUITER = "recruiter", _("Recruiter")
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")


# Who may see the people directory (names, jobs, departments): the programme's admins.
DIRECTORY_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})
# Who may read the organisation's structure (entities, departments, audiences).
STRUCTURE_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS, Role.RECRUITER, Role.MANAGER})

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class InfraConfig(AppConfig):
    """The infrastructure: an app only so that Django finds its commands (run_worker)."""

    name = "infra"
    verbose_name = _("Infrastruktur")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db, named in the editors' language in the admin."""

    verbose_name = _("Antrean tugas latar")

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from infra.pagecache import ReadersSeeChangesAdmin


class ForAdministrators:
    """A ``ModelAdmin`` mixin: listed in the admin's navigation for administrators
    (superusers) only. The newsroom's roles see the newsroom's own items (articles,
    photos, breaking news, rubriks, regions, sources, site pages); security logs,
    groups, accounts and the task queue are the administrator's. Permissions are
    unchanged: a chief editor may still open an account's page from a byline."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser


for model, model_admin in (
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
    (DBTaskResult, DBTaskResultAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (ForAdministrators, model_admin), {}))


@admin.register(User)
class UserAdmin(ForAdministrators, ReadersSeeChangesAdmin, BaseUserAdmin):
    # What bylines and author pages show; a new account shows nowhere until it publishes.
    fields_readers_see = ("username", "first_name", "last_name", "initials", "bio", "photo")
    readers_see_new_rows = False
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Redaksi"), {"fields": ("initials", "bio", "photo", "language")}),
    )
    list_display = ("username", "first_name", "last_name", "initials", "email", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "initials")
    autocomplete_fields = ("photo",)

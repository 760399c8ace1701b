from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from infra.pagecache import ReadersSeeChangesAdmin


@admin.register(User)
class UserAdmin(ReadersSeeChangesAdmin, BaseUserAdmin):
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

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Redaksi"), {"fields": ("initials", "bio", "photo", "language")}),
    )
    list_display = ("username", "first_name", "last_name", "initials", "email", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "initials")
    autocomplete_fields = ("photo",)

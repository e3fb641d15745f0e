from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from hongdun.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Hongdun", {"fields": ("full_name", "phone", "unit")}),
    )
    list_display = ["username", "full_name", "unit", "is_active", "is_superuser"]
    list_filter = ["is_active", "groups", "unit"]

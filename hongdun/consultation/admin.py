from django.contrib import admin

from hongdun.consultation.models import Faq, FaqCategory, Question
from hongdun.core.admin import ReadOnlyAdminMixin


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "ordering"]


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    """FAQs are edited in the back office (audited); the admin is for repairs."""

    list_display = ["title", "category", "source", "is_published", "helpful_count"]
    list_filter = ["category", "source", "is_published"]
    search_fields = ["title", "body"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "authority", "status", "due_date", "assignee"]
    list_filter = ["status", "category"]

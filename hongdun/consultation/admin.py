from django.contrib import admin

from hongdun.consultation.models import Faq, FaqCategory, Question
from hongdun.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin


@admin.register(FaqCategory)
class FaqCategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "ordering"]


@admin.register(Faq)
class FaqAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """FAQs are edited in the back office through `faq_save`; admin only reads them."""

    list_display = ["title", "category", "source", "is_published", "helpful_count"]
    list_filter = ["category", "source", "is_published"]
    search_fields = ["title", "body"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "authority", "status", "due_date", "assignee"]
    list_filter = ["status", "category"]

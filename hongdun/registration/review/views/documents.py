"""Download of an issued licence or refusal notice: for the applicant and for the registrars of the
competent authority's subtree; anyone else gets 404, whatever the id."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpRequest
from django.views import View

from hongdun.registration.review.selectors import document_get_for_user


class DocumentDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = document_get_for_user(user=request.user, pk=pk)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

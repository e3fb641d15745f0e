from django.urls import URLPattern, URLResolver, path

from hongdun.consultation.views import backoffice, portal

# Portal, mounted at /consultation/ (namespace "consultation").
portal_patterns: list[URLPattern | URLResolver] = [
    path("", portal.FaqHomeView.as_view(), name="home"),
    path("search/", portal.FaqSearchView.as_view(), name="search"),
    path("category/<slug:code>/", portal.FaqCategoryView.as_view(), name="category"),
    path("faq/<int:pk>/", portal.FaqDetailView.as_view(), name="faq"),
    path("faq/<int:pk>/feedback/", portal.FaqFeedbackView.as_view(), name="faq-feedback"),
    path("ask/", portal.AskView.as_view(), name="ask"),
    path("mine/", portal.MyQuestionsView.as_view(), name="mine"),
    path("q/<uuid:token>/", portal.QuestionView.as_view(), name="question"),
]

# Back office, mounted at /staff/consultation/ (namespace "backoffice-consultation").
backoffice_patterns: list[URLPattern | URLResolver] = [
    path("", backoffice.QueueView.as_view(), name="queue"),
    path("<int:pk>/", backoffice.QuestionDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:action>/", backoffice.QuestionActionView.as_view(), name="action"),
    path("faqs/", backoffice.FaqListView.as_view(), name="faqs"),
    path("faqs/new/", backoffice.FaqEditView.as_view(), name="faq-new"),
    path("faqs/<int:pk>/", backoffice.FaqEditView.as_view(), name="faq-edit"),
]

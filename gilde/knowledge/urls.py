from django.urls import path

from gilde.knowledge import views

app_name = "knowledge"

N = "n/<slug:slug>/"

urlpatterns = [
    path(N + "articles/", views.articles, name="articles"),
    path(N + "articles/new/", views.article_new, name="article_new"),
    path(N + "articles/<int:article_id>/", views.article, name="article"),
    path(N + "articles/<int:article_id>/edit/", views.article_edit, name="article_edit"),
    path(N + "articles/<int:article_id>/publish/", views.article_publish, name="article_publish"),
    path(
        N + "articles/<int:article_id>/revisions/",
        views.article_revisions,
        name="article_revisions",
    ),
    path(N + "articles/<int:article_id>/delete/", views.article_delete, name="article_delete"),
    path(N + "questions/", views.questions, name="questions"),
    path(N + "questions/new/", views.question_new, name="question_new"),
    path(N + "questions/<int:question_id>/", views.question, name="question"),
    path(N + "questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path(N + "questions/<int:question_id>/answers/", views.answer_add, name="answer_add"),
    path(N + "questions/<int:question_id>/close/", views.question_close, name="question_close"),
    path(N + "answers/<int:answer_id>/accept/", views.answer_accept, name="answer_accept"),
    path(N + "answers/<int:answer_id>/useful/", views.answer_useful, name="answer_useful"),
    path(N + "sessions/", views.sessions, name="sessions"),
    path(N + "sessions/new/", views.session_new, name="session_new"),
    path(N + "sessions/<int:session_id>/", views.session, name="session"),
    path(N + "sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path(
        N + "sessions/<int:session_id>/register/", views.session_register, name="session_register"
    ),
    path(N + "sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path(
        N + "sessions/<int:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(N + "sessions/<int:session_id>/session.ics", views.session_ics, name="session_ics"),
    path(N + "comments/", views.comment_add, name="comment_add"),
    path(N + "follow/", views.follow, name="follow"),
    path(N + "attachments/", views.attachment_add, name="attachment_add"),
    path(N + "attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path(
        N + "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]

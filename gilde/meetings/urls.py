from django.urls import path

from gilde.meetings import views

app_name = "meetings"

N = "n/<slug:slug>/"
M = N + "meetings/<int:meeting_id>/"
I = M + "items/<int:agenda_item_id>/"  # noqa: E741 - the agenda item's prefix
A = N + "actions/<int:action_id>/"

urlpatterns = [
    path(N + "meetings/", views.meetings, name="meetings"),
    path(N + "meetings/new/", views.meeting_new, name="meeting_new"),
    path(M, views.meeting, name="meeting"),
    path(M + "edit/", views.meeting_edit, name="meeting_edit"),
    path(M + "meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(M + "answer/", views.meeting_rsvp, name="meeting_rsvp"),
    path(M + "series/", views.series_start, name="series_start"),
    path(M + "next/", views.meeting_next, name="meeting_next"),
    path(M + "close/", views.meeting_close, name="meeting_close"),
    path(M + "items/new/", views.item_new, name="item_new"),
    path(I + "edit/", views.item_edit, name="item_edit"),
    path(I + "move/", views.item_move, name="item_move"),
    path(I + "remove/", views.item_remove, name="item_remove"),
    path(I + "minutes/", views.minutes, name="minutes"),
    path(I + "correction/", views.correction_new, name="correction_new"),
    path(
        M + "corrections/<int:correction_id>/",
        views.correction_decide,
        name="correction_decide",
    ),
    path(N + "actions/", views.actions, name="actions"),
    path(N + "actions/new/", views.action_new, name="action_new"),
    path(A, views.action, name="action"),
    path(A + "status/", views.action_status, name="action_status"),
    path(A + "assign/", views.action_assign, name="action_assign"),
    path(A + "comment/", views.action_comment, name="action_comment"),
    path(N + "ideas/", views.ideas, name="ideas"),
    path(N + "ideas/new/", views.idea_new, name="idea_new"),
    path(N + "ideas/<int:idea_id>/support/", views.idea_support, name="idea_support"),
    path(N + "ideas/<int:idea_id>/action/", views.idea_to_action, name="idea_to_action"),
    path(N + "decisions/", views.decisions, name="decisions"),
    path("my/actions/", views.my_actions, name="my_actions"),
]

from django.urls import path

from gilde.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("my/", views.mine, name="mine"),
    path("networks/new/", views.create, name="create"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("n/<slug:slug>/", views.home, name="home"),
    path("n/<slug:slug>/members/", views.members, name="members"),
    path(
        "n/<slug:slug>/members/suggest/",
        views.member_suggestions,
        name="member_suggestions",
    ),
    path("n/<slug:slug>/members/<int:user_id>/", views.person, name="person"),
    path("n/<slug:slug>/join/", views.join, name="join"),
    path("n/<slug:slug>/leave/", views.leave, name="leave"),
    path("n/<slug:slug>/manage/", views.manage, name="manage"),
    path("n/<slug:slug>/manage/settings/", views.edit_settings, name="settings"),
    path("n/<slug:slug>/manage/log/", views.log, name="log"),
    path(
        "n/<slug:slug>/manage/members/<int:membership_id>/",
        views.change_member,
        name="change_member",
    ),
    path(
        "n/<slug:slug>/manage/requests/<int:request_id>/",
        views.decide_request,
        name="decide_request",
    ),
    path("n/<slug:slug>/manage/members/", views.manage_members, name="manage_members"),
    path("n/<slug:slug>/manage/invitations/", views.manage_invitations, name="manage_invitations"),
    path(
        "n/<slug:slug>/manage/invitations/new/", views.create_invitation, name="create_invitation"
    ),
    path(
        "n/<slug:slug>/manage/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("n/<slug:slug>/manage/partners/", views.manage_partners, name="manage_partners"),
    path("n/<slug:slug>/manage/partners/new/", views.propose_partner, name="propose_partner"),
    path(
        "n/<slug:slug>/manage/partners/<int:link_id>/", views.partner_action, name="partner_action"
    ),
]

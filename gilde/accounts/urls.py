from django.urls import path

from gilde.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
]

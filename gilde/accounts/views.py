from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gilde.accounts.services import profile_completeness


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {"completeness": profile_completeness(request.user)},
    )

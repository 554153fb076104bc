"""The applicant's own profile page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from endorsement import languages

from ..forms.profile import ProfileForm
from ..models import Profile


@login_required
def profile(request):
    instance = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        languages.remember(request, form.instance.language)
        messages.success(request, "Your profile is saved.")
        return redirect("applications:profile")
    return render(request, "applications/profile.html", {"form": form})

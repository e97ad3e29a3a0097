"""The app's own pages for the API: a person's tokens (make, revoke), and the watch button."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from delegations.models import Delegation
from provisions.models import Provision

from .models import ApiToken
from .services import api_token_create, api_token_revoke, watch_set


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, e.g. 'briefing script'.")
    scope = forms.ChoiceField(
        label="Kind", choices=ApiToken.Scope.choices, initial=ApiToken.Scope.API
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "token-form"
        self.helper.add_input(Submit("create", "Make token"))


def token_list_view(request):
    """A person's tokens: make one (its key is shown once), revoke one."""
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = api_token_create(
                user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Token “{token.name}” made. Copy its key now: it is not shown again."
            )
            form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
            "new_scope": token.scope if new_key else None,
        },
    )


@require_POST
def token_revoke_view(request, pk: int):
    """Revoke one of your own tokens (admins revoke anyone's in the admin)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("api-tokens")


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@require_POST
def watch_view(request):
    """Start or stop watching a delegation (`delegation=<code>`) or a provision
    (`provision=<slug>`); `on=1` starts, anything else stops."""
    code, slug = request.POST.get("delegation"), request.POST.get("provision")
    on = request.POST.get("on") == "1"
    if code:
        subject = get_object_or_404(Delegation, code=code)
        watch_set(user=request.user, on=on, delegation=subject)
    elif slug:
        subject = Provision.objects.filter(slug=slug).order_by("pk").first()
        if subject is None:
            return redirect("home")
        watch_set(user=request.user, on=on, provision=subject)
    else:
        return redirect("home")
    messages.success(request, f"{'Watching' if on else 'No longer watching'} {subject}.")
    return _back(request, "home")

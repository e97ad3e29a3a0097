"""Stance pages: add (optionally from a statement), detail with history, edit, withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from common.parsing import parse_id
from provisions.models import Provision

from ..evidence import stance_evidence
from ..forms import ConfirmForm, StanceForm
from ..history import history_entries
from ..models import Stance, Statement
from ..permissions import (
    can_edit_stance,
    can_edit_statement,
    can_write,
    delegations_user_may_speak_for,
    require,
)
from ..services import (
    ConflictError,
    stance_create,
    stance_update,
    stance_withdraw,
)


class StanceDetailView(DetailView):
    template_name = "positions/stance_detail.html"
    context_object_name = "stance"

    def get_queryset(self):
        return Stance.objects.for_table().select_related(
            "statement__delegation", "created_by", "reviewed_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stance = self.object
        earlier = (
            Stance.objects.filter(delegation=stance.delegation_id, provision=stance.provision_id)
            .exclude(pk=stance.pk)
            .select_related("statement", "session")
            .order_by("-stated_on", "-created_at")
        )
        current = Stance.objects.current().filter(
            delegation=stance.delegation_id, provision=stance.provision_id
        )
        context.update(
            excerpt=stance_evidence(stance),
            other_stances=earlier,
            is_current=current.filter(pk=stance.pk).exists(),
            history=history_entries(stance),
            can_edit=can_edit_stance(self.request.user, stance),
        )
        return context


def stance_create_view(request):
    require(can_write(request.user))
    statement = None
    statement_id = parse_id(request.GET.get("statement"))
    if statement_id is not None:
        statement = get_object_or_404(Statement, pk=statement_id)
        require(can_edit_statement(request.user, statement))
    return _stance_form(request, stance=None, statement=statement)


def stance_edit_view(request, pk):
    stance = get_object_or_404(Stance.objects.for_table(), pk=pk)
    require(can_edit_stance(request.user, stance))
    return _stance_form(request, stance=stance, statement=stance.statement)


def _stance_form(request, *, stance: Stance | None, statement: Statement | None):
    conflict = None
    if request.method == "POST":
        form = StanceForm(request.POST, instance=stance, user=request.user)
        if form.is_valid():
            try:
                saved = _stance_save(request, form, stance)
            except ConflictError as error:
                conflict = error
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = StanceForm(data, instance=stance, user=request.user)
                form.is_valid()
                form.add_error(None, "Someone else changed this stance after you opened it.")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Stance saved: {saved}.")
                return redirect("positions:stance-detail", pk=saved.pk)
        statement = form.cleaned_data.get("statement") if form.is_bound else statement
    else:
        initial = {"statement": statement.pk} if statement and stance is None else {}
        if statement and stance is None:
            speakable = delegations_user_may_speak_for(request.user)
            if speakable.filter(pk=statement.delegation_id).exists():
                initial["delegation"] = statement.delegation_id
        form = StanceForm(instance=stance, user=request.user, initial=initial)
    return render(
        request,
        "positions/stance_form.html",
        {"form": form, "stance": stance, "statement": statement, "conflict": conflict},
    )


def _stance_save(request, form: StanceForm, stance: Stance | None) -> Stance:
    data = {name: form.cleaned_data[name] for name in Stance.EDITABLE_FIELDS}
    if stance is None:
        return stance_create(created_by=request.user, **data)
    return stance_update(
        stance=stance,
        expected_version=form.cleaned_data["version"],
        updated_by=request.user,
        **data,
    )


def stance_withdraw_view(request, pk):
    stance = get_object_or_404(Stance.objects.for_table(), pk=pk)
    require(can_edit_stance(request.user, stance))
    if not stance.is_live:
        messages.info(request, f"This stance is already {stance.get_status_display().lower()}.")
        return redirect("positions:stance-detail", pk=pk)
    form = ConfirmForm(
        request.POST or None, initial={"version": stance.version}, submit_label="Withdraw stance"
    )
    if request.method == "POST" and form.is_valid():
        try:
            stance_withdraw(
                stance=stance,
                expected_version=form.cleaned_data["version"],
                withdrawn_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ConflictError:
            messages.error(
                request, "Someone changed this stance meanwhile; check it and try again."
            )
        else:
            messages.success(request, "Stance withdrawn; it stays in the record.")
        return redirect("positions:stance-detail", pk=pk)
    return render(request, "positions/stance_withdraw.html", {"stance": stance, "form": form})


@require_GET
def provision_search_view(request):
    """Suggestions for the provision box: slug and label of up to 20 matching provisions."""
    query = request.GET.get("q", "").strip()
    provisions = Provision.objects.order_by("kind", "sort_order", "slug")
    if query:
        condition = Q(title__icontains=query) | Q(slug__icontains=query)
        digits = "".join(ch for ch in query if ch in "0123456789")
        if digits:
            condition |= Q(number=int(digits[:4]))
        provisions = provisions.filter(condition)
    results = [
        {"value": p.slug, "label": str(p)}
        for p in provisions.only("slug", "title", "kind", "number")[:20]
    ]
    return JsonResponse({"results": results})

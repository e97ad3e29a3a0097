"""How far reviewers agree with the extractor, per provision: which proposals to trust."""

from django.shortcuts import render

from positions.models import ExtractorModel

from .. import selectors


def agreement_view(request):
    """Reviewed proposals per provision (accepted, revised, rejected), the extractor's precision
    and Cohen's kappa; ``?model=<version>`` (or ``default``) narrows to one set of heads."""
    models = list(ExtractorModel.objects.only("version", "active", "created_at"))
    choice = request.GET.get("model", "")
    model = None
    if choice == "default":
        model = "default"
    elif choice:
        model = next((m for m in models if str(m.version) == choice), None)
        choice = choice if model is not None else ""
    rows, total = selectors.extractor_agreement(model=model)
    return render(
        request,
        "analysis/agreement.html",
        {"rows": rows, "total": total, "models": models, "choice": choice},
    )

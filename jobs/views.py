"""Job pages: the list of jobs one may follow, a job's progress and report, new jobs."""

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from analysis.exports import CONTENT_TYPES
from positions.models import Statement
from positions.permissions import can_write, is_admin, require

from .exports import export_query, job_export_create
from .forms import ExtractJobForm, ImportForm
from .models import Job, JobItem
from .services import import_archive_store, job_extract_create, job_import_create

ITEMS_PER_PAGE = 100


def job_list(request):
    """The jobs a user may follow (their own; admins all), and, for those who write, forms for
    new ones. Analysts see their own jobs: their exports."""
    jobs = Job.objects.visible_to(request.user).select_related("owner").latest_first()
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    writer = can_write(request.user)
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": page,
            "can_start": writer,
            "extract_form": ExtractJobForm(user=request.user) if writer else None,
        },
    )


def job_detail(request, pk):
    """A job's progress, summary and errors, and what happened to each item (failures first)."""
    job = get_object_or_404(Job.objects.visible_to(request.user).select_related("owner"), pk=pk)
    items = job.items.select_related("statement").order_by(
        Case(
            When(status=JobItem.Status.FAILED, then=Value(0)),
            default=1,
            output_field=IntegerField(),
        ),
        "position",
    )
    outcome = request.GET.get("outcome", "")
    if outcome in JobItem.Outcome.values:
        items = items.filter(outcome=outcome)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "page": page,
            "outcome": outcome,
            "outcomes": sorted((job.result or {}).get("outcomes", {}).items()),
            "keep_hours": settings.JOBS_EXPORT_KEEP_HOURS,
        },
    )


def import_create(request):
    """Upload a zip of statements with its manifest; each file is imported by a job."""
    require(can_write(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        path = import_archive_store(upload=upload)
        files = f"{form.rows} file{pluralize(form.rows)}"
        job = job_import_create(
            owner=request.user,
            source={"zip": path, "name": upload.name[:200]},
            description=f"Import of {upload.name[:200]} ({files} in the manifest)",
        )
        messages.success(request, f"Import queued as job #{job.pk}.")
        return redirect("jobs:job-detail", pk=job.pk)
    return render(request, "jobs/import_form.html", {"form": form})


@require_POST
def extract_create(request):
    """Queue the extractor over many statements: a delegation's or a session's; all for admins."""
    require(can_write(request.user))
    form = ExtractJobForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Choose a delegation you may write for.")
        return redirect("jobs:job-list")
    statements = Statement.objects.active()
    what = []
    delegation, session = form.cleaned_data["delegation"], form.cleaned_data["session"]
    if delegation is not None:
        statements = statements.filter(Q(delegation=delegation) | Q(on_behalf_of=delegation))
        what.append(delegation.code)
    if session is not None:
        statements = statements.filter(session=session)
        what.append(session.code)
    require(delegation is not None or is_admin(request.user))
    ids = list(statements.order_by("pk").values_list("pk", flat=True))
    job = job_extract_create(
        owner=request.user,
        statements=ids,
        description=f"Extract stances again: {len(ids)} statement(s)"
        + (f" of {', '.join(what)}" if what else ", all active"),
    )
    messages.success(request, f"Extraction queued as job #{job.pk}.")
    return redirect("jobs:job-detail", pk=job.pk)


@require_POST
def export_create(request):
    """Queue the stance table's export for the filters in `query` (its query string), in
    `format`: for views too big to download in one request. Anyone who sees the table may."""
    export_format = request.POST.get("format", "")
    query = export_query(QueryDict(request.POST.get("query", "")))
    try:
        job = job_export_create(owner=request.user, query=query, export_format=export_format)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("jobs:job-list")
    messages.success(request, f"Export queued as job #{job.pk}: download it here when done.")
    return redirect("jobs:job-detail", pk=job.pk)


def job_download(request, pk):
    """A finished export's file, for the job's owner and admins only (others: 404)."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk, kind=Job.Kind.EXPORT)
    if not job.file or not default_storage.exists(job.file.name):
        raise Http404("This export's file is gone (it is kept for a while only).")
    return FileResponse(
        default_storage.open(job.file.name, "rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(job.params.get("format"), "application/octet-stream"),
    )

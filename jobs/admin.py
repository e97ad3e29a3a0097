from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are written by their workers; the job page is where people follow them."""

    list_display = ["pk", "kind", "description", "owner", "status", "done", "total", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["owner"]
    search_fields = ["description", "owner__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

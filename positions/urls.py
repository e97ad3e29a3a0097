from django.urls import path

from .views import documents, review, stances, statements

app_name = "positions"

# URL names other parts of the app link to (the navigation shows a page once its name exists):
#   statement-list /statements/          statement-detail /statements/<pk>/
#   statement-create /statements/new/    statement-edit /statements/<pk>/edit/
#   statement-withdraw /statements/<pk>/withdraw/
#   statement-document /statements/<pk>/document/ (the uploaded original, as an attachment)
#   statement-pending-document /statements/pending/<token>/ (an upload being checked)
#   stance-create /stances/new/
#   stance-detail /stances/<pk>/         stance-edit /stances/<pk>/edit/
#   stance-withdraw /stances/<pk>/withdraw/   provision-search /stances/provisions/ (JSON)
#   review /review/
# The analysts' pages (stance table, support, matrix) are in analysis/urls.py.
urlpatterns = [
    path("statements/", statements.StatementListView.as_view(), name="statement-list"),
    path("statements/new/", statements.statement_create_view, name="statement-create"),
    path("statements/<int:pk>/", statements.StatementDetailView.as_view(), name="statement-detail"),
    path("statements/<int:pk>/edit/", statements.statement_edit_view, name="statement-edit"),
    path(
        "statements/<int:pk>/document/",
        documents.statement_document_view,
        name="statement-document",
    ),
    path(
        "statements/pending/<str:token>/",
        documents.pending_document_view,
        name="statement-pending-document",
    ),
    path(
        "statements/<int:pk>/withdraw/",
        statements.statement_withdraw_view,
        name="statement-withdraw",
    ),
    path("stances/new/", stances.stance_create_view, name="stance-create"),
    path("stances/provisions/", stances.provision_search_view, name="provision-search"),
    path("stances/<int:pk>/", stances.StanceDetailView.as_view(), name="stance-detail"),
    path("stances/<int:pk>/edit/", stances.stance_edit_view, name="stance-edit"),
    path("stances/<int:pk>/withdraw/", stances.stance_withdraw_view, name="stance-withdraw"),
    path("review/", review.review_queue, name="review"),
    path("review/accept/", review.review_bulk_accept, name="review-bulk-accept"),
    path("review/<int:pk>/accept/", review.review_accept, name="review-accept"),
    path("review/<int:pk>/reject/", review.review_reject, name="review-reject"),
    path("review/<int:pk>/edit/", review.review_edit, name="review-edit"),
]

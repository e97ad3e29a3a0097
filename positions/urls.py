from django.urls import path

from .views import review

app_name = "positions"

# URL names other parts of the app link to (the navigation shows a page once its name exists):
#   statement-list /statements/          statement-detail /statements/<pk>/
#   statement-create /statements/new/    statement-edit /statements/<pk>/edit/
#   statement-withdraw /statements/<pk>/withdraw/
#   stance-list /stances/                stance-create /stances/new/
#   stance-detail /stances/<pk>/         stance-edit /stances/<pk>/edit/
#   support /support/                    matrix /matrix/             review /review/
urlpatterns = [
    path("review/", review.review_queue, name="review"),
    path("review/accept/", review.review_bulk_accept, name="review-bulk-accept"),
    path("review/<int:pk>/accept/", review.review_accept, name="review-accept"),
    path("review/<int:pk>/reject/", review.review_reject, name="review-reject"),
    path("review/<int:pk>/edit/", review.review_edit, name="review-edit"),
]

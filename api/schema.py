"""The OpenAPI schema: every operation documents its problem-details errors."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from analysis.filters import MatrixFilter, StanceFilter, SupportFilter

from .serializers import ProblemSerializer

# The filters that take codes and slugs (JPN, AHC-1, art-39), not the ids of the model field
# they filter, which is what the schema generator would guess (the generator makes them arrays).
CODE_FILTERS = ("delegation", "group", "provision", "chapter", "category", "session")


def codes_in_schema(*filterset_classes) -> None:
    for filterset_class in filterset_classes:
        for name in CODE_FILTERS:
            if name in filterset_class.base_filters:
                extend_schema_field({"type": "string"})(filterset_class.base_filters[name])


codes_in_schema(StanceFilter, SupportFilter, MatrixFilter)

ERRORS_ALL = {
    "400": "Invalid parameters or input.",
    "401": "Not signed in, or the token is not valid (revoked).",
    "403": "Not allowed for this user.",
    "404": "No such row.",
    "406": "The Accept header asks for something else than JSON.",
    "429": "Too many requests for this token: wait (see Retry-After).",
}
ERRORS_WRITE = {
    "409": "Someone else saved first (see `changes`).",
    "413": "The request is too large.",
    "415": "Send JSON or multipart/form-data.",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS_ALL)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            errors |= ERRORS_WRITE
        ref = self.resolve_serializer(ProblemSerializer, "response").ref
        for code, response in responses.items():
            # An error documented on a view (a 409 with its own description) is a problem too.
            if code.startswith(("4", "5")) and "content" in response:
                response["content"] = {"application/problem+json": {"schema": ref}}
        for code, description in errors.items():
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {"application/problem+json": {"schema": ref}},
                },
            )
        return responses


def filterset_parameters(filterset_class) -> list[OpenApiParameter]:
    """Query parameters of a FilterSet, for views that are not lists (the matrix)."""
    import django_filters

    parameters = []
    for name, item in filterset_class.base_filters.items():
        many = isinstance(item, django_filters.MultipleChoiceFilter)
        choices = [value for value, _ in item.extra.get("choices", [])] or None
        kind = bool if isinstance(item, django_filters.BooleanFilter) else str
        parameters.append(
            OpenApiParameter(
                name,
                {"type": "array", "items": {"type": "string"}} if many else kind,
                enum=None if many else choices,
                description=str(item.label or name),
                explode=True if many else None,
            )
        )
    return parameters

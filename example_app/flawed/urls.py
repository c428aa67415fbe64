"""Routes for the broken app: prefix and basename are the kebab-cased class name."""

import re

from django.urls import path
from rest_framework.routers import DefaultRouter, SimpleRouter

from flawed import views

router = DefaultRouter()


def register(prefix, viewset):
    router.register(prefix, viewset, basename=prefix)


register("unscoped-retrieve-flawed", views.UnscopedRetrieveFlawed)
register("unscoped-retrieve-fixed", views.UnscopedRetrieveFixed)
register("unscoped-write-flawed", views.UnscopedWriteFlawed)
register("unscoped-write-fixed", views.UnscopedWriteFixed)
register("list-leak-flawed", views.ListLeakFlawed)
register("list-leak-fixed", views.ListLeakFixed)
register("anonymous-read-flawed", views.AnonymousReadFlawed)
register("anonymous-read-fixed", views.AnonymousReadFixed)
register("anonymous-write-flawed", views.AnonymousWriteFlawed)
register("anonymous-write-fixed", views.AnonymousWriteFixed)
register("mass-assignment-flawed", views.MassAssignmentFlawed)
register("mass-assignment-fixed", views.MassAssignmentFixed)
register("forbidden-not-hidden-flawed", views.ForbiddenNotHiddenFlawed)
register("forbidden-not-hidden-fixed", views.ForbiddenNotHiddenFixed)
register("custom-action-flawed", views.CustomActionFlawed)
register("custom-action-fixed", views.CustomActionFixed)
register("side-effect-flawed", views.SideEffectFlawed)
register("side-effect-fixed", views.SideEffectFixed)
register("staff-write-flawed", views.StaffWriteFlawed)
register("staff-write-fixed", views.StaffWriteFixed)
register("list-foreign-key-n-plus-one-flawed", views.ListForeignKeyNPlusOneFlawed)
register("list-foreign-key-n-plus-one-fixed", views.ListForeignKeyNPlusOneFixed)
register("list-reverse-n-plus-one-flawed", views.ListReverseNPlusOneFlawed)
register("list-reverse-n-plus-one-fixed", views.ListReverseNPlusOneFixed)
register("nested-detail-n-plus-one-flawed", views.NestedDetailNPlusOneFlawed)
register("nested-detail-n-plus-one-fixed", views.NestedDetailNPlusOneFixed)
register("query-growth-flawed", views.QueryGrowthFlawed)
register("query-growth-fixed", views.QueryGrowthFixed)
register("items-page-leak-flawed", views.ItemsPageLeakFlawed)
register("items-page-leak-fixed", views.ItemsPageLeakFixed)
register("envelope-leak-flawed", views.EnvelopeLeakFlawed)
register("envelope-leak-fixed", views.EnvelopeLeakFixed)
register("unreadable-list-flawed", views.UnreadableListFlawed)
register("unreadable-list-fixed", views.UnreadableListFixed)
register("published-only-flawed", views.PublishedOnlyFlawed)
register("published-only-fixed", views.PublishedOnlyFixed)
register("wrong-object-flawed", views.WrongObjectFlawed)
register("wrong-object-fixed", views.WrongObjectFixed)
register("model-permissions-flawed", views.ModelPermissionsFlawed)
register("model-permissions-fixed", views.ModelPermissionsFixed)
register("body-reference-flawed", views.BodyReferenceFlawed)
register("body-reference-fixed", views.BodyReferenceFixed)
register("transfer-flawed", views.TransferFlawed)
register("transfer-fixed", views.TransferFixed)
register("method-refused-flawed", views.MethodRefusedFlawed)
register("method-refused-fixed", views.MethodRefusedFixed)
register("privilege-grant-flawed", views.PrivilegeGrantFlawed)
register("privilege-grant-fixed", views.PrivilegeGrantFixed)
register("literal-true-only-flawed", views.LiteralTrueOnlyFlawed)
register("literal-true-only-fixed", views.LiteralTrueOnlyFixed)
register("object-in-body-flawed", views.ObjectInBodyFlawed)
register("object-in-body-fixed", views.ObjectInBodyFixed)
register("slug-owner-flawed", views.SlugOwnerFlawed)
register("slug-owner-fixed", views.SlugOwnerFixed)
register("profile-owner-flawed", views.ProfileOwnerFlawed)
register("profile-owner-fixed", views.ProfileOwnerFixed)

register("object-permissions-flawed", views.ObjectPermissionsFlawed)
register("object-permissions-fixed", views.ObjectPermissionsFixed)
register("unfiltered-objects-flawed", views.UnfilteredObjectsFlawed)
register("unfiltered-objects-fixed", views.UnfilteredObjectsFixed)

register("query-param-tenant-leak-flawed", views.QueryParamTenantLeakFlawed)
register("query-param-tenant-leak-fixed", views.QueryParamTenantLeakFixed)
register("ordering-secret-leak-flawed", views.OrderingSecretLeakFlawed)
register("ordering-secret-leak-fixed", views.OrderingSecretLeakFixed)


def nested(prefix, viewset):
    """Comments under a note: /flawed/<prefix>/<note_pk>/comments/[<pk>/]."""
    return [
        path(f"{prefix}/<int:note_pk>/comments/", viewset.as_view({"get": "list"})),
        path(f"{prefix}/<int:note_pk>/comments/<int:pk>/", viewset.as_view({"get": "retrieve"})),
    ]


urlpatterns = [
    *router.urls,
    # Views that are not viewsets: a "me" endpoint and a plain APIView.
    path("me-flawed/", views.MeFlawed.as_view()),
    path("me-fixed/", views.MeFixed.as_view()),
    path("note-count-api-view-flawed/", views.NoteCountApiViewFlawed.as_view()),
    path("note-count-api-view-fixed/", views.NoteCountApiViewFixed.as_view()),
    path("note-summary-api-view-flawed/<int:pk>/", views.NoteSummaryApiViewFlawed.as_view()),
    path("note-summary-api-view-fixed/<int:pk>/", views.NoteSummaryApiViewFixed.as_view()),
    *nested("cross-parent-leak-flawed", views.CrossParentLeakFlawed),
    *nested("cross-parent-leak-fixed", views.CrossParentLeakFixed),
    *nested("parent-ignored-flawed", views.ParentIgnoredFlawed),
    *nested("parent-ignored-fixed", views.ParentIgnoredFixed),
]

# Appended views get a router of their own: `urlpatterns` above already holds router.urls.
more = SimpleRouter()
for view in (
    views.ProfileListNPlusOneFlawed,
    views.ProfileListNPlusOneFixed,
    views.AlbumRelationsNPlusOneFlawed,
    views.AlbumRelationsNPlusOneFixed,
):
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "-", view.__name__).lower()
    more.register(prefix, view, basename=prefix)
urlpatterns += more.urls
# Pagination flaws: a router of their own, since urlpatterns above already read router.urls.
pagination_router = SimpleRouter()
for prefix, viewset in [
    ("unpaginated-list-flawed", views.UnpaginatedListFlawed),
    ("unpaginated-list-fixed", views.UnpaginatedListFixed),
    ("uncapped-page-size-flawed", views.UncappedPageSizeFlawed),
    ("uncapped-page-size-fixed", views.UncappedPageSizeFixed),
    ("unordered-page-flawed", views.UnorderedPageFlawed),
    ("unordered-page-fixed", views.UnorderedPageFixed),
    ("tied-order-flawed", views.TiedOrderFlawed),
    ("tied-order-fixed", views.TiedOrderFixed),
]:
    pagination_router.register(prefix, viewset, basename=prefix)
urlpatterns += pagination_router.urls
# A privilege field let through by a custom action's own serializer.
privilege_router = SimpleRouter()
for prefix, viewset in [
    ("privilege-in-action-flawed", views.PrivilegeInActionFlawed),
    ("privilege-in-action-fixed", views.PrivilegeInActionFixed),
]:
    privilege_router.register(prefix, viewset, basename=prefix)
urlpatterns += privilege_router.urls
# Constraint flaws: a router of their own, as the pagination flaws have.
constraint_router = SimpleRouter()
for prefix, viewset in [
    ("duplicate-booking-flawed", views.DuplicateBookingFlawed),
    ("duplicate-booking-fixed", views.DuplicateBookingFixed),
    ("inverted-range-flawed", views.InvertedRangeFlawed),
    ("inverted-range-fixed", views.InvertedRangeFixed),
]:
    constraint_router.register(prefix, viewset, basename=prefix)
urlpatterns += constraint_router.urls
# Throttle flaws: plain sign-in views.
urlpatterns += [
    path(f"{views_name}/", getattr(views, name).as_view())
    for name in (
        "UnthrottledLoginFlawed",
        "UnthrottledLoginFixed",
        "NeverBitingThrottleFlawed",
        "NeverBitingThrottleFixed",
    )
    for views_name in [re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()]
]
# Exposure flaws: what responses show of users.
exposure_router = SimpleRouter()
for prefix, viewset in [
    ("whole-user-flawed", views.WholeUserFlawed),
    ("whole-user-fixed", views.WholeUserFixed),
    ("token-in-card-flawed", views.TokenInCardFlawed),
    ("token-in-card-fixed", views.TokenInCardFixed),
    ("private-email-shown-flawed", views.PrivateEmailShownFlawed),
    ("private-email-shown-fixed", views.PrivateEmailShownFixed),
]:
    exposure_router.register(prefix, viewset, basename=prefix)
urlpatterns += exposure_router.urls
# Hostile input: filters, partial updates and NUL bytes.
input_router = SimpleRouter()
for prefix, viewset in [
    ("unvalidated-filter-flawed", views.UnvalidatedFilterFlawed),
    ("unvalidated-filter-fixed", views.UnvalidatedFilterFixed),
    ("partial-validate-flawed", views.PartialValidateFlawed),
    ("partial-validate-fixed", views.PartialValidateFixed),
    ("action-body-flawed", views.ActionBodyFlawed),
    ("action-body-fixed", views.ActionBodyFixed),
    ("nul-byte-flawed", views.NulByteFlawed),
    ("nul-byte-fixed", views.NulByteFixed),
]:
    input_router.register(prefix, viewset, basename=prefix)
urlpatterns += input_router.urls

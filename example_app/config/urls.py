"""Everything lives under api/; one DefaultRouter collects the apps' viewset registrations."""

from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from blog.urls import comment_urlpatterns
from blog.urls import router as blog_router
from blog.urls import router_v2 as blog_router_v2
from orgs.urls import router as orgs_router
from shop.urls import router as shop_router
from thirdparty.urls import router as thirdparty_router

router = DefaultRouter()
for app_router in (shop_router, orgs_router, blog_router, thirdparty_router):
    router.registry.extend(app_router.registry)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/", include("catalogue.urls")),
    path("api/", include("library.urls")),
    path("api/", include("useradmin.urls")),
    path("api/", include(comment_urlpatterns)),
    # PostViewSet a second time: one view routed under several URLs.
    path("api/v2/", include((blog_router_v2.urls, "v2"))),
    path("api/", include("gallery.urls")),
    path("api/", include("directory.urls")),
]
urlpatterns += [path("api/", include("accounts.urls"))]

urlpatterns += [path("api/", include("vault.urls"))]
urlpatterns += [path("api/", include("feeds.urls"))]
urlpatterns += [path("api/bookings/", include("bookings.urls"))]
urlpatterns += [path("api/signin/", include("signin.urls"))]
urlpatterns += [path("api/", include("profiles.urls"))]
urlpatterns += [path("api/intake/", include("intake.urls"))]

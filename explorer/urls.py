from __future__ import annotations

from django.contrib import admin
from django.urls import path

from explorer import views

urlpatterns = [
    path("", views.pattern_list, name="pattern_list"),
    path("patterns/<slug:slug>/", views.pattern_detail, name="pattern_detail"),
    path("patterns/<slug:slug>/diagram.<str:fmt>", views.pattern_diagram, name="pattern_diagram"),
    path("patterns/<slug:slug>/snippets/<str:fmt>", views.pattern_snippet, name="pattern_snippet"),
    path("patterns/<slug:slug>/snippets.zip", views.pattern_snippets_zip, name="pattern_snippets_zip"),
    path("choose/", views.choose, name="choose"),
    path("compare/", views.compare, name="compare"),
    path("compare/<slug:slug>/", views.compare_configurations_view, name="compare_configurations"),
    path("learn/", views.learn, name="learn"),
    path("learn/<slug:slug>/", views.learn_summary, name="learn_summary"),
    path("components/", views.component_list, name="component_list"),
    path("components/<slug:slug>/", views.component_detail, name="component_detail"),
    path("api/patterns", views.api_pattern_list, name="api_pattern_list"),
    path("api/patterns/<slug:slug>", views.api_pattern_detail, name="api_pattern_detail"),
    path("api/patterns/<slug:slug>/estimate", views.api_pattern_estimate, name="api_pattern_estimate"),
    path("api/services", views.api_service_list, name="api_service_list"),
    path("api/services/<str:service>/estimate", views.api_service_estimate, name="api_service_estimate"),
    path("api/openapi.json", views.api_openapi, name="api_openapi"),
    path("admin/", admin.site.urls),
]

handler400 = "explorer.views.bad_request"
handler404 = "explorer.views.page_not_found"
handler500 = "explorer.views.server_error"

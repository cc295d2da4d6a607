from __future__ import annotations

from django.contrib import admin
from django.urls import path

from explorer.views import api, choose, compare, components, downloads, learn, patterns

urlpatterns = [
    path("", patterns.pattern_list, name="pattern_list"),
    path("patterns/<slug:slug>/", patterns.pattern_detail, name="pattern_detail"),
    path("patterns/<slug:slug>/diagram.<str:fmt>", downloads.pattern_diagram, name="pattern_diagram"),
    path("patterns/<slug:slug>/snippets/<str:fmt>", downloads.pattern_snippet, name="pattern_snippet"),
    path(
        "patterns/<slug:slug>/snippets/<str:fmt>/code",
        downloads.pattern_snippet_code,
        name="pattern_snippet_code",
    ),
    path("patterns/<slug:slug>/snippets.zip", downloads.pattern_snippets_zip, name="pattern_snippets_zip"),
    path("choose/", choose.choose, name="choose"),
    path("compare/", compare.compare, name="compare"),
    path("compare/<slug:slug>/", compare.compare_configurations_view, name="compare_configurations"),
    path("learn/", learn.learn, name="learn"),
    path("learn/<slug:slug>/", learn.learn_summary, name="learn_summary"),
    path("components/", components.component_list, name="component_list"),
    path("components/<slug:slug>/", components.component_detail, name="component_detail"),
    path("api/patterns", api.api_pattern_list, name="api_pattern_list"),
    path("api/patterns/<slug:slug>", api.api_pattern_detail, name="api_pattern_detail"),
    path("api/patterns/<slug:slug>/estimate", api.api_pattern_estimate, name="api_pattern_estimate"),
    path("api/services", api.api_service_list, name="api_service_list"),
    path("api/services/<str:service>/estimate", api.api_service_estimate, name="api_service_estimate"),
    path("api/openapi.json", api.api_openapi, name="api_openapi"),
    path("admin/", admin.site.urls),
]

handler400 = "explorer.views.errors.bad_request"
handler404 = "explorer.views.errors.page_not_found"
handler500 = "explorer.views.errors.server_error"

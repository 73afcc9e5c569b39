from django.urls import path

from . import views

app_name = "watchlist"
# Fixed paths before "<ref>/": validation.RESERVED_REFS keeps refs from shadowing them.
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("check/", views.check, name="check"),
    path("new/", views.entry_create, name="create"),
    path("import/", views.import_file, name="import"),
    path("settings/", views.settings_page, name="settings"),
    path("<slug:ref>/", views.entry_detail, name="detail"),
    path("<slug:ref>/edit/", views.entry_edit, name="edit"),
    path("<slug:ref>/status/", views.entry_status, name="status"),
    path("<slug:ref>/nik/", views.entry_nik, name="nik"),
]

from django.urls import path

from . import views

app_name = "organization"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:code>/", views.unit_detail, name="unit_detail"),
    path("units/<slug:code>/appointments/new/", views.appointment_create, name="appointment_create"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/<str:username>/", views.officer_detail, name="officer_detail"),
    path("appointments/<int:appointment_id>/", views.appointment_detail, name="appointment_detail"),
    path(
        "appointments/<int:appointment_id>/village-options/",
        views.appointment_village_options,
        name="appointment_village_options",
    ),
]

from django.urls import path, register_converter

from . import views


class RegionCodeConverter:
    """A Kemendagri code of any level: 35, 35.02, 35.02.01, 35.02.01.2001."""

    regex = r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegionCodeConverter, "region_code")

app_name = "regions"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("picker/", views.picker_options, name="picker_options"),
    path("<region_code:code>/", views.detail, name="detail"),
]

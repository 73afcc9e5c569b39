"""Public pages without login: submit a tip or question, follow it by tracking code."""

from .views import public

app_name = "public"
urlpatterns = [*public.urls]

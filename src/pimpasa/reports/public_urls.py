"""Public pages without login: submit a tip or question, follow it by tracking code."""


app_name = "public"
urlpatterns: list = []

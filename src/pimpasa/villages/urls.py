from .views import designations, indicators, scoring, villages

app_name = "villages"
urlpatterns = [*villages.urls, *indicators.urls, *scoring.urls, *designations.urls]

from .views import messages, referrals, reports

app_name = "reports"
urlpatterns = [*reports.urls, *messages.urls, *referrals.urls]

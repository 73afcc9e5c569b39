from .views import attachments, messages, referrals, reports

app_name = "reports"
urlpatterns = [*reports.urls, *messages.urls, *attachments.urls, *referrals.urls]

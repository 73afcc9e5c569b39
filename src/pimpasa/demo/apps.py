from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and ``pimpasa up``: the top of the dependency chain, so it may use every app."""

    name = "pimpasa.demo"
    label = "demo"
    verbose_name = _("Demo data and local run")

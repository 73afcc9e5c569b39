"""Pages: public."""

from django.urls import URLPattern

urls: list[URLPattern] = []

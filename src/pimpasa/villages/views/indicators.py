"""Pages: indicators."""

from django.urls import URLPattern

urls: list[URLPattern] = []

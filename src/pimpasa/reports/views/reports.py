"""Pages: reports."""

from django.urls import URLPattern

urls: list[URLPattern] = []

"""Pages: messages."""

from django.urls import URLPattern

urls: list[URLPattern] = []

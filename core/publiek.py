"""The public pages (web form, opt-out link, survey) share one thing: the link to the same
page in the other language."""

from django.shortcuts import render
from django.urls import translate_url


def publiek_tonen(request, template, context, status=200):
    """Renders a public page with the links to the same page in Dutch and English."""
    context = {
        **context,
        "url_nl": translate_url(request.path, "nl"),
        "url_en": translate_url(request.path, "en"),
    }
    return render(request, template, context, status=status)

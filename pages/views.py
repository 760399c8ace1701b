from django.shortcuts import get_object_or_404, render

from pages.models import SitePage


def redaksi(request):
    page = get_object_or_404(SitePage, kind=SitePage.Kind.REDAKSI)
    return render(request, "pages/redaksi.html", {"page": page})


def pedoman(request):
    page = get_object_or_404(SitePage, kind=SitePage.Kind.PEDOMAN)
    return render(request, "pages/pedoman.html", {"page": page})

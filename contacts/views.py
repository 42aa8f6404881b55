from django.shortcuts import render


def zoeken(request):
    query = request.GET.get("q", "").strip()
    return render(request, "contacts/zoeken.html", {"query": query})

from django.http import HttpResponse


def index(request):
    return HttpResponse("guidelines")


def category_detail(request, edition, category):
    return HttpResponse("category")

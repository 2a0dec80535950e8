from django.urls import path

from plein.knowledge.expertise import views

app_name = "expertise"
urlpatterns = [
    path("experts/", views.expert_search, name="search"),
    path("me/expertise/", views.topics_mine, name="mine"),
    path("me/expertise/decide/", views.topic_decide, name="topic-decide"),
    path("me/expertise/offers/", views.question_offers_set, name="offers"),
    path("people/<str:handle>/endorse/", views.endorse, name="endorse"),
    path("people/<str:handle>/unendorse/", views.unendorse, name="unendorse"),
]

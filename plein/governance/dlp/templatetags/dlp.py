"""``{% load dlp %}``: whether to show the Leak review link."""

from django import template

from plein.access.dlp import can_review_leaks

register = template.Library()

# The menu's link: the same predicate as the review queue's views.
register.filter("can_review_leaks", can_review_leaks)

"""``{% load moderation %}``: whether to show the Moderation link."""

from django import template

from plein.access.moderation import can_use_moderation_queue

register = template.Library()

# The menu's link: the same predicate as the queue's views.
register.filter("can_moderate_anything", can_use_moderation_queue)

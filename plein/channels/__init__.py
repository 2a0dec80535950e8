"""Reaching people where they are: live updates, push, feeds, webhooks, screens.

Each sub-app is a feature in its own right (docs/architecture.md): it
subscribes to domain events and registers its notification channel, and
base apps never import it.
"""

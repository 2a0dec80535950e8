"""Taking part: kudos, polls and quizzes, pulse surveys, events.

Each sub-app is a feature in its own right (docs/architecture.md): it
registers its post kinds, notification kinds, event handlers, search kinds
and personal-data provider, and base apps never import it.
"""

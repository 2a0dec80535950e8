"""HTML views of the people app, one module per area.

``accounts``: log in and out, password reset, invitations, language.
``directory``: the people directory, profiles, following, the org chart.
``preferences``: a person's own settings, notification choices, API tokens.
``manage``: people management for organisation admins.
"""

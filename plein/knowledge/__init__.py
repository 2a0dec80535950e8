"""Knowledge: the wiki, questions and answers, the expertise finder.

One sub-app per feature, as in ``plein.governance``.
"""

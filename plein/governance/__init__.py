"""Trust and governance: what lets an organisation open up safely.

One sub-app per feature: ``guidelines`` (the social-media guidelines and
their acceptance), ``dlp`` (leak prevention before publishing),
``moderation`` (reports and the moderators' queue), ``compliance`` (the
audit log, retention, legal holds, eDiscovery) and ``privacy`` (download my
data, erasure, privacy settings).
"""

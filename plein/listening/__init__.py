"""Listening: what is said about the organisation outside, gathered from
feeds, alert mails and links colleagues submit. Each area is a sub-app
(``sources``: where mentions come from and their health; ``mentions``: the
mentions themselves); base apps never import them."""

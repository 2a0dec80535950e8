"""Careers: internal vacancies, referrals and candidates, talent pools,
alumni and onboarding. Each area is a sub-app; base apps never import them."""

"""Partner organisations, their users and API tokens, their own reports and their administration (policy 4.5, 7.1)."""

"""Events: the congresses an installation serves, their staff memberships and zones."""

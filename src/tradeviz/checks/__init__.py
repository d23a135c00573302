"""Claim verification and stated-totals checks."""

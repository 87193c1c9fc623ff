"""Screens of tiktui, one per file."""

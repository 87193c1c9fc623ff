"""Widgets of tiktui, one per file."""

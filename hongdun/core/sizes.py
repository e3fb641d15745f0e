"""File sizes as people read them: KB and MB, the same on every page and in every message."""

from __future__ import annotations

KB = 1024
MB = 1024 * KB
GB = 1024 * MB


def human_size(size: int) -> str:
    """ "12 KB", "1.5 MB", "2.0 GB"; anything under a kilobyte shows as 1 KB (a file is never
    "0 KB")."""
    if size >= GB:
        return f"{size / GB:.1f} GB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(1, round(size / KB))} KB"

"""Refreshing the cached IKM figures (nightly and on demand)."""

from django.core.cache import cache

from ..selectors.ikm import IKM_GENERATION_KEY, ikm_public_overview


def ikm_refresh() -> int:
    """Invalidate every cached IKM figure and warm the public page; returns the new generation."""
    try:
        generation = cache.incr(IKM_GENERATION_KEY)
    except ValueError:
        generation = 2
        cache.set(IKM_GENERATION_KEY, generation, timeout=None)
    ikm_public_overview()
    return generation

"""Small-number suppression for published tables. Pure.

Rule (docs/monitoring.md):

1. Primary: a count from 1 to 4 is shown as "<5". Nought is shown: it names nobody.
2. Secondary: within one column, if any count is suppressed, more counts are suppressed
   (shown as "[c]"), smallest non-nought first, until the total minus the counts shown could be
   split among the suppressed counts in more than one way (each "<5" is 1 to 4, each "[c]" 5 or
   more): at least two suppressed, and their sum neither the least nor the most they could add up
   to. Where no count is left to suppress, the total itself is shown as "[c]".
3. A total from 1 to 4 is shown as "<5", and then every count in its column is suppressed.

Rows that overlap (a report naming two characteristics) do not add up to the total, but the same
rule is applied to them: it errs on the side of hiding.
"""

from __future__ import annotations

SMALL = "<5"
SECONDARY = "[c]"
THRESHOLD = 5


def suppress(counts: list[int], total: int) -> tuple[list[str], str]:
    """One column's counts and total as they may be published."""
    if 0 < total < THRESHOLD:
        return [SMALL if count else "0" for count in counts], SMALL
    shown = [SMALL if 0 < count < THRESHOLD else str(count) for count in counts]
    hidden = [index for index, count in enumerate(counts) if 0 < count < THRESHOLD]
    if not hidden:
        return shown, str(total)
    candidates = sorted(
        (index for index, count in enumerate(counts) if count >= THRESHOLD), key=lambda index: counts[index]
    )
    while _pinned([counts[index] for index in hidden]):
        if not candidates:
            return shown, SECONDARY
        index = candidates.pop(0)
        hidden.append(index)
        shown[index] = SECONDARY
    return shown, str(total)


def _pinned(hidden: list[int]) -> bool:
    """Whether someone knowing the suppressed counts' sum could work out each of them."""
    if len(hidden) < 2:
        return True
    small = [count for count in hidden if count < THRESHOLD]
    secondary = len(hidden) - len(small)
    least = len(small) + THRESHOLD * secondary
    most = None if secondary else (THRESHOLD - 1) * len(small)
    return sum(hidden) in {least, most}

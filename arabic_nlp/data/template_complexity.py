"""How many resampled examples a template gets: a complexity measure and a capped count.

A template is an utterance whose resampled slot values are placeholders
(``شغل {song_name} ل{artist_name}``). With ``v_i`` the number of catalogue values that can
fill its i-th placeholder:

    complexity(t) = Σ_i log2(1 + v_i)
    count(t)      = min(cap, capacity(t), round(base · complexity(t)))   (halves round up)
    capacity(t)   = ∏_i v_i − 1        (distinct fillings other than the original one)

and a template without placeholders gets nothing. Why this form:

* ``log2(1 + v)`` is the information (bits) needed to pick one of ``v`` values, so the sum
  is the log of the size of the template's filling space: it grows with every slot added
  and with every value added to a slot's catalogue (strictly monotone in both), but only
  logarithmically in ``v``. A template with one slot of 255 values gets 8·base examples,
  one with two such slots 16·base, one with a single two-valued slot 1.6·base → 2.
* The product ``∏ v_i`` itself would be monotone too, but it spans orders of magnitude
  (1 to 10⁵ on MASSIVE): the cap would flatten almost every multi-slot template to the same
  count and the single-slot ones would get nothing. Counting bits keeps the ranking and
  the spread sensible.
* ``cap`` stops any one template from dominating the generated data (and the intent it
  belongs to); ``capacity`` stops asking for more distinct fillings than exist.
* Rounding rather than ``ceil``: with ``ceil`` every template gets at least one example
  for any ``base > 0``, so no target below the number of templates could be met; rounding
  lets a small ``base`` give examples to the most complex templates only.

:func:`base_for_target` solves for the ``base`` that makes the counts add up to a target
total (the largest base whose total does not exceed it), so ``--target N`` is exact up to
the duplicates the generator has to skip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from arabic_nlp.errors import InputError


def complexity(value_counts: Sequence[int]) -> float:
    """Σ log2(1 + v) over a template's placeholders (``v`` = values that can fill it)."""
    for v in value_counts:
        if v < 0:
            raise InputError(f"a placeholder cannot have {v} values")
    return sum(math.log2(1 + v) for v in value_counts)


def capacity(value_counts: Sequence[int]) -> int:
    """Distinct fillings of a template besides its original one: ∏ v − 1 (0 if no slot)."""
    if not value_counts:
        return 0
    return max(0, math.prod(value_counts) - 1)


def example_count(value_counts: Sequence[int], *, base: float, cap: int) -> int:
    """``min(cap, capacity, round(base · complexity))``: examples generated for one template
    (halves round up)."""
    if base < 0:
        raise InputError(f"base must be >= 0, got {base}")
    if cap < 0:
        raise InputError(f"cap must be >= 0, got {cap}")
    wanted = math.floor(base * complexity(value_counts) + 0.5 + 1e-9)
    return max(0, min(cap, capacity(value_counts), wanted))


def total_count(templates: Sequence[Sequence[int]], *, base: float, cap: int) -> int:
    """Σ example_count over templates (each given as its placeholders' value counts)."""
    return sum(example_count(t, base=base, cap=cap) for t in templates)


def base_for_target(templates: Sequence[Sequence[int]], target: int, *, cap: int) -> float:
    """The largest ``base`` (to 1e-6) whose total count does not exceed ``target``.

    The total is non-decreasing in ``base``; when even every template at its cap (or
    capacity) falls short of ``target``, the base that reaches that maximum is returned.
    """
    if target < 0:
        raise InputError(f"target must be >= 0, got {target}")
    ceiling = sum(min(cap, capacity(t)) for t in templates)
    smallest = min((complexity(t) for t in templates if capacity(t) > 0), default=0.0)
    if ceiling == 0 or smallest == 0.0:
        return 0.0
    hi = (cap + 1) / smallest  # enough for every template to reach its cap
    if target >= ceiling:
        return hi
    lo = 0.0
    while hi - lo > 1e-6:
        mid = (lo + hi) / 2
        if total_count(templates, base=mid, cap=cap) <= target:
            lo = mid
        else:
            hi = mid
    return lo

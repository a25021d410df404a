"""Geometry for the monitoring page's server-drawn SVG charts and the shading of the area table. Pure.

The SVG itself is a small Jinja template (templates/staff/monitoring_chart.svg.html): no JavaScript,
no inline style (the Content-Security-Policy forbids it), colours from the stylesheet's classes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 16, 40
SHADES = 4  # heat levels 1 to 4; 0 for none


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int  # 0 or 1: which class colours it


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    baseline: float


def nice_top(largest: int) -> int:
    """The top of the scale: 1, 2 or 5 times a power of ten, at least ``largest`` (and at least 1)."""
    if largest <= 1:
        return 1
    power: int = 10 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= largest)


def grouped_bars(labels: list[str], series: list[list[int]]) -> BarChart:
    """Bars for each label, one per series, side by side, on a scale from 0 with five ticks."""
    top = nice_top(max((value for values in series for value in values), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(labels), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    bars = []
    for index in range(len(labels)):
        for number, values in enumerate(series):
            height = plot_height * values[index] / top
            x = LEFT + slot * index + slot * 0.1 + bar_width * number
            y = round(TOP + plot_height - height, 1)
            bars.append(Bar(round(x, 1), y, round(bar_width, 1), round(height, 1), values[index], number))
    steps = 4 if top % 4 == 0 else 2 if top % 2 == 0 else 1  # whole numbers on every tick
    ticks = tuple(
        Tick(round(TOP + plot_height * (1 - step / steps), 1), top * step // steps) for step in range(steps + 1)
    )
    marks = tuple(Label(round(LEFT + slot * (index + 0.5), 1), text) for index, text in enumerate(labels))
    return BarChart(WIDTH, HEIGHT, tuple(bars), ticks, marks, TOP + plot_height)


def shade(count: int, largest: int) -> int:
    """The heat level of a cell: 0 for none, else 1 to 4 in equal steps up to the largest count."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, math.ceil(SHADES * count / largest))

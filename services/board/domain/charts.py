"""Geometry of the coverage chart and the stock sparkline (inline SVG, drawn on the server)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CoverageBar:
    sku: str
    coverage: float | None
    status: str
    y: float
    width: float
    label: str


@dataclass(frozen=True)
class CoverageChart:
    width: int
    height: int
    label_width: int
    bars: list[CoverageBar]
    full_x: float  # where coverage 1.0 is
    half_x: float  # where coverage 0.5 is
    bar_height: int


def coverage_chart(
    items: Sequence[Mapping[str, Any]], width: int = 560, bar_height: int = 22,
) -> CoverageChart:
    """Horizontal bars of coverage per SKU on a scale from 0 to at least 1.5 (wider when needed)."""
    label_width, gap = 200, 8
    values = [float(i["coverage"]) for i in items if i.get("coverage") is not None]
    scale_max = max(1.5, min(max(values, default=0.0), 3.0))
    plot = width - label_width - 10

    def x_of(coverage: float) -> float:
        return round(label_width + plot * min(coverage, scale_max) / scale_max, 1)

    bars = []
    for index, item in enumerate(items):
        coverage = item.get("coverage")
        value = None if coverage is None else float(coverage)
        label = f"{item['sku']} {value:.2f}" if value is not None else f"{item['sku']} n/a"
        bars.append(CoverageBar(
            sku=str(item["sku"]), coverage=value, status=str(item.get("status", "")),
            y=10 + index * (bar_height + gap),
            width=0.0 if value is None else round(x_of(value) - label_width, 1),
            label=f"{label} ({item.get('status', '')})",
        ))
    height = 20 + max(len(bars), 1) * (bar_height + gap)
    return CoverageChart(width, height, label_width, bars, x_of(1.0), x_of(0.5), bar_height)


def sparkline_points(levels: Sequence[int], width: int = 120, height: int = 28) -> str:
    """SVG polyline points of stock levels over time, oldest left, zero at the bottom."""
    if not levels:
        return ""
    top = max(max(levels), 1)
    if len(levels) == 1:
        y = round(height - 2 - (height - 4) * levels[0] / top, 1)
        return f"0,{y} {width},{y}"
    step = width / (len(levels) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - 2 - (height - 4) * max(level, 0) / top, 1)}"
        for i, level in enumerate(levels)
    )

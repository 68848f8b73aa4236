"""Geometry of the coverage chart and the stock sparkline (inline SVG, drawn on the server)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.board.domain.wording import words


@dataclass(frozen=True)
class CoverageBar:
    sku: str
    coverage: float | None
    status: str
    y: float
    width: float
    label: str  # the SKU and its coverage, for the bar's tooltip and a screen reader
    value_text: str  # written just right of the bar's end
    value_x: float


@dataclass(frozen=True)
class CoverageChart:
    width: int
    height: int
    label_width: int
    bars: list[CoverageBar]
    full_x: float  # where coverage 1.0 is
    half_x: float  # where coverage 0.5 is
    bar_height: int
    top: int  # the bars start below the reference lines' labels


def coverage_chart(
    items: Sequence[Mapping[str, Any]], width: int = 640, bar_height: int = 22,
) -> CoverageChart:
    """Horizontal bars of coverage per SKU on a scale from 0 to at least 1.5 (wider when needed),
    each with its value written after it, the 1.0 and 0.5 lines labelled above the bars."""
    label_width, gap, top, value_room = 170, 8, 22, 130
    values = [float(i["coverage"]) for i in items if i.get("coverage") is not None]
    scale_max = max(1.5, min(max(values, default=0.0), 3.0))
    plot = width - label_width - value_room

    def x_of(coverage: float) -> float:
        return round(label_width + plot * min(coverage, scale_max) / scale_max, 1)

    bars = []
    for index, item in enumerate(items):
        coverage = item.get("coverage")
        value = None if coverage is None else float(coverage)
        status = str(item.get("status", ""))
        shown = "n/a" if value is None else f"{value:.2f}"
        bar_width = 0.0 if value is None else round(x_of(value) - label_width, 1)
        bars.append(CoverageBar(
            sku=str(item["sku"]), coverage=value, status=status,
            y=top + index * (bar_height + gap), width=bar_width,
            label=f"{item['sku']} {shown} ({words(status)})",
            value_text=f"{shown} {words(status)}".strip(), value_x=label_width + bar_width + 6,
        ))
    height = top + 6 + max(len(bars), 1) * (bar_height + gap)
    return CoverageChart(width, height, label_width, bars, x_of(1.0), x_of(0.5), bar_height, top)


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

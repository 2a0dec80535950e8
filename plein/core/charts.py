"""Charts drawn on the server as SVG: no script, no library, no CDN.

Shared by every page that draws figures (survey results, the insights
dashboards).

Each chart carries ``role="img"`` and a label; the page shows the same
figures in a table next to it for screen readers and copying.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
LABEL_WIDTH = 180
PLOT_WIDTH = 320
COLOURS = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2")


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    items: Sequence[tuple[str, float]], *, low: float, high: float, title: str
) -> SafeString:
    """Horizontal bars from a zero line, for values between ``low`` and ``high``."""
    width = LABEL_WIDTH + PLOT_WIDTH + 50
    height = BAR_HEIGHT * len(items) + 10
    span = high - low or 1.0

    def x(value: float) -> float:
        return LABEL_WIDTH + (min(max(value, low), high) - low) / span * PLOT_WIDTH

    zero = x(max(low, 0.0))
    bars = []
    for row, (label, value) in enumerate(items):
        y = 5 + row * BAR_HEIGHT
        start, end = sorted((zero, x(value)))
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="currentColor" font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="currentColor" font-size="11">{}</text>',
                LABEL_WIDTH - 6,
                y + 15,
                label,
                f"{start:.1f}",
                y + 3,
                f"{max(end - start, 1):.1f}",
                BAR_HEIGHT - 6,
                "#dc2626" if value < 0 else "#059669",
                f"{max(end, zero) + 4:.1f}",
                y + 15,
                _number(value),
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-label="{title}"><title>{title}</title>'
        '<line x1="{z}" x2="{z}" y1="0" y2="{h}" stroke="currentColor" stroke-opacity="0.5"/>{bars}</svg>',
        w=width,
        h=height,
        title=title,
        z=f"{zero:.1f}",
        bars=mark_safe("".join(bars)),
    )


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    low: float,
    high: float,
    title: str,
    label_every: int = 1,
) -> SafeString:
    """Lines over rounds or days; a missing value (None) breaks the line.

    ``label_every`` shows every n-th label below the axis (a month of days
    would not fit otherwise); the last one is always shown.
    """
    width, height, left, top, bottom = 520, 220, 40, 10, 30
    plot_w, plot_h = width - left - 20, height - top - bottom
    count = max(len(x_labels), 1)
    span = high - low or 1.0

    def x(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + (high - min(max(value, low), high)) / span * plot_h

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="currentColor" stroke-opacity="0.15"/>'
        '<text x="{}" y="{}" text-anchor="end" fill="currentColor" font-size="11">{}</text>',
        (
            (
                left,
                left + plot_w,
                f"{y(v):.1f}",
                f"{y(v):.1f}",
                left - 4,
                f"{y(v) + 4:.1f}",
                _number(v),
            )
            for v in (low, (low + high) / 2, high)
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" fill="currentColor" font-size="12">{}</text>',
        (
            (f"{x(i):.1f}", height - 8, label)
            for i, label in enumerate(x_labels)
            if i % max(label_every, 1) == 0 or i == len(x_labels) - 1
        ),
    )
    lines = []
    for number, (label, values) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
            ((f"{px:.1f}", f"{py:.1f}", colour) for px, py in points),
        )
        lines.append(
            format_html(
                '<g><title>{}</title><polyline points="{}" fill="none" '
                'stroke="{}" stroke-width="2"/>{}</g>',
                label,
                path,
                colour,
                dots,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-label="{title}"><title>{title}</title>{grid}{ticks}{lines}</svg>',
        w=width,
        h=height,
        title=title,
        grid=grid,
        ticks=ticks,
        lines=mark_safe("".join(lines)),
    )


def legend_colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]

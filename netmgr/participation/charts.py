"""Accessible server-side SVG charts (hand-built: no JavaScript, no external files).

Each chart is ``role="img"`` with ``aria-labelledby`` pointing at its ``<title>`` and ``<desc>``;
every bar has its own ``<title>`` with the exact value, and the page shows the same numbers in
a data table beside the chart.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

#: Colours with at least 3:1 contrast against white (WCAG 1.4.11)
PALETTE = ("#1e5aa0", "#b3400f", "#2e7d32", "#6a1b9a")


def _fmt(value, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    text = text.replace(",", "\u00a0").replace(".", ",")
    return f"{text}{unit}"


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    unit: str = "",
    max_value: float | None = None,
    reference: float | None = None,
    reference_label: str = "",
) -> Markup:
    """Horizontal (grouped) bar chart; ``reference`` draws a dashed line (e.g. index 1.0)."""
    label_w, bar_h, gap, width = 150, 16, 10, 640
    plot_w = width - label_w - 70
    values = [v for _, vals in series for v in vals if v is not None]
    top = max_value or max(values + [reference or 0, 1e-9])
    group_h = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = legend_h + group_h * len(categories) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nm-chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    if len(series) > 1:
        x = label_w
        for i, (name, _) in enumerate(series):
            out.append(
                f'<rect x="{x}" y="4" width="12" height="12" '
                f'fill="{PALETTE[i % len(PALETTE)]}"/>'
                f'<text x="{x + 16}" y="15" font-size="12">{escape(name)}</text>'
            )
            x += 20 + 8 * len(name) + 20
    for c, category in enumerate(categories):
        y0 = legend_h + c * group_h
        out.append(
            f'<text x="{label_w - 6}" y="{y0 + group_h / 2 + 2:.0f}" font-size="12" '
            f'text-anchor="end">{escape(category)}</text>'
        )
        for s, (name, vals) in enumerate(series):
            value = vals[c]
            w = 0 if value is None else max(plot_w * value / top, 0)
            y = y0 + s * bar_h
            label = (
                f"{category}, {name}: {_fmt(value, unit)}"
                if len(series) > 1
                else f"{category}: {_fmt(value, unit)}"
            )
            out.append(
                f"<g><title>{escape(label)}</title>"
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"/>'
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" font-size="11">'
                f"{escape(_fmt(value, unit))}</text></g>"
            )
    axis_y = legend_h + group_h * len(categories)
    out.append(f'<line x1="{label_w}" y1="{legend_h}" x2="{label_w}" y2="{axis_y}" stroke="#333"/>')
    if reference is not None:
        x = label_w + plot_w * reference / top
        out.append(
            f'<line x1="{x:.1f}" y1="{legend_h}" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="#333" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" font-size="11" text-anchor="middle">'
            f"{escape(reference_label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def report_charts(data: dict) -> dict:
    """The four charts of the report page, from the figures the view computed."""
    sizes, counties, trend = data["sizes"], data["county_rows"], data["trend"]
    period = f"{data['filters'].date_from:%d.%m.%Y}–{data['filters'].date_to:%d.%m.%Y}"
    return {
        "reach": bar_chart(
            "chart-reach",
            _("Andel kommuner nådd, etter innbyggertall"),
            _(
                "Prosent av kommunene i hver størrelsesklasse med minst én deltakelse, %(p)s.",
                p=period,
            ),
            [r.label for r in sizes],
            [(_("Nådd"), [r.reach_percent for r in sizes])],
            unit=" %",
            max_value=100,
        ),
        "index": bar_chart(
            "chart-index",
            _("Representasjonsindeks etter innbyggertall"),
            _(
                "Klassens andel av de nådde kommunene delt på klassens andel av alle kommuner; "
                "1,0 er proporsjonalt, under 1,0 underrepresentert. %(p)s.",
                p=period,
            ),
            [r.label for r in sizes],
            [(_("Indeks"), [r.representation_index for r in sizes])],
            reference=1.0,
            reference_label="1,0",
        ),
        "trend": bar_chart(
            "chart-trend",
            _("Andel nådd per kvartal, små kommuner mot resten"),
            _("Prosent av kommunene nådd i hvert kvartal, %(p)s.", p=period),
            [t.quarter for t in trend],
            [
                (_("Små"), [t.small_reach_percent for t in trend]),
                (_("Øvrige"), [t.other_reach_percent for t in trend]),
            ],
            unit=" %",
            max_value=100,
        ),
        "county": bar_chart(
            "chart-county",
            _("Andel kommuner nådd, etter fylke"),
            _("Prosent av kommunene i hvert fylke med minst én deltakelse, %(p)s.", p=period),
            [r.label for r in counties],
            [(_("Nådd"), [r.reach_percent for r in counties])],
            unit=" %",
            max_value=100,
        ),
    }

"""axe-core in a Playwright page: inject the vendored script, run the WCAG 2.1 A/AA rules."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "netmgr" / "static" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: run `make assets` (npm install + netmgr.web.assets)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        origin = page.evaluate("() => location.origin")
        page.add_script_tag(url=f"{origin}/static/vendor/axe.min.js")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
            }));
        }""",
        WCAG_TAGS,
    )


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)

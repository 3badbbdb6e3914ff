"""axe-core in the browser tests: WCAG 2.1 AA, only serious and critical violations fail a test.

axe-core is vendored by the test setup step, never fetched here:  npm install --prefix var/node axe-core
(the Makefile's test target and .ci/run do this). Our CSP forbids inline scripts and axe is injected as one, so a
module that uses it overrides `browser_context_args` with `bypass_csp` for its own context only.
"""

from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_run(page) -> dict:
    """axe's result for the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}. Install it once with: npm install --prefix var/node axe-core")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)


def serious_violations(page, result: dict | None = None) -> list[str]:
    """The serious and critical violations, each with its first targets (empty: the page passes)."""
    result = result if result is not None else axe_run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]

"""Writes the latest benchmark results into docs/performance.md.

    python -m bench.report [--check]

Each benchmark writes bench/results/<name>-latest.json with its Markdown tables. This fills the blocks
between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in docs/performance.md (NAME: scale, server,
server-scaled, browser, browser-scaled, load), each headed by when, on which commit and on what machine load
it was measured. A block whose results are missing is left as it is. bench.browser and bench.server write
`<name>-scaled-latest.json` when the database holds synthetic indicators (bench.scale), so the bundled and
the scaled results are kept apart. --check only says which blocks would change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from bench.common import PROJECT, RESULTS

DOC = PROJECT / "docs" / "performance.md"
BLOCKS = ["scale", "server", "server-scaled", "browser", "browser-scaled", "load"]


def block_text(name: str, data: dict) -> str:
    machine = data.get("machine", {})
    head = (f"*Measured {machine.get('at', '?')} on commit {machine.get('commit', '?')}, {machine.get('cpus', '?')} "
            f"CPUs, load average {machine.get('load_average', ['?'])[0]:.2f} at the start (a shared machine: "
            "indicative numbers).*")
    if name == "scale":
        body = (f"{data['rows']:,} synthetic rows ({data['indicators']:,} indicators × {data['municipalities']} "
                f"municipalities × {data['years'][1] - data['years'][0] + 1} years), {data['indicator_values_total']:,} "
                f"values in all; {data['bytes'] / 1e6:,.0f} MB. Seconds: build {data['build_s']}, synthetic values "
                f"{data['values_s']}, contract checks {data['validate_s']}, total {data['total_s']}. A one-indicator "
                f"read touches {data['row_groups_for_one_indicator']} of {data['row_groups']} row groups.")
    else:
        body = data.get("markdown", "")
    return f"{head}\n\n{body}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    changed = []
    for name in BLOCKS:
        path = RESULTS / f"{name}-latest.json"
        if not path.exists():
            continue
        pattern = re.compile(rf"(<!-- bench:{re.escape(name)} -->\n)(.*?)(\n<!-- /bench:{re.escape(name)} -->)", re.S)
        if not pattern.search(text):
            continue
        new = block_text(name, json.loads(path.read_text(encoding="utf-8")))
        updated = pattern.sub(lambda m: m.group(1) + new + m.group(3), text)
        if updated != text:
            changed.append(name)
            text = updated
    if not args.check:
        DOC.write_text(text, encoding="utf-8")
    print(("would update: " if args.check else "updated: ") + (", ".join(changed) or "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

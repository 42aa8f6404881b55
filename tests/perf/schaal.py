"""Nijmegen ×1 beside ×10, in one run: ``bench.py`` alternately on both databases
(x1, x10, x1, x10, …), so a slow minute of this shared machine falls on both alike.

    .venv/bin/python tests/perf/schaal.py [--runs 200] [--rounds 5] [--repeats 2] \\
        [--x1 postgres://postgres@127.0.0.1:5432/kcc_x1] \\
        [--x10 postgres://postgres@127.0.0.1:5432/kcc_x10] [--report docs/benchmarks-schaal.md]

The databases are loaded beforehand (``manage.py demodata --size x1`` / ``--size x10`` into
an empty, migrated database; the ×10 load takes about half an hour here). Per line the
report gives p50 and p95 of all samples of all repeats, and the target.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--x1", default="postgres://postgres@127.0.0.1:5432/kcc_x1")
    parser.add_argument("--x10", default="postgres://postgres@127.0.0.1:5432/kcc_x10")
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks-schaal.md"))
    args = parser.parse_args()

    uitkomsten = {"x1": [], "x10": []}
    for herhaling in range(args.repeats):
        for naam in ("x1", "x10"):
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
                uit = f.name
            print(f"== {naam}, repeat {herhaling + 1}", flush=True)
            subprocess.run(
                [sys.executable, str(BASE_DIR / "tests" / "perf" / "bench.py"),
                 "--runs", str(args.runs), "--rounds", str(args.rounds), "--json", uit],
                env={**os.environ, "DATABASE_URL": getattr(args, naam)},
                check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            uitkomsten[naam].append(json.loads(Path(uit).read_text()))
            os.unlink(uit)

    def regels(naam):
        """label → (worst p50, worst p95, target) over the repeats."""
        samen = {}
        for uitkomst in uitkomsten[naam]:
            for label, cijfers in uitkomst["lines"].items():
                # the contact counts differ per size in the label: compare by kind
                soort = label.split(":")[0] if label.startswith("klantbeeld:") else label
                soort = "klantbeeld SQL only" if label.startswith("klantbeeld SQL") else soort
                if label.startswith("klantbeeld:"):
                    soort = "klantbeeld, heavy" if "2,0" in label else "klantbeeld, light"
                p50, p95, doel = samen.get(soort, (0, 0, cijfers["target"]))
                samen[soort] = (max(p50, cijfers["p50"]), max(p95, cijfers["p95"]), doel)
        return samen

    een, tien = regels("x1"), regels("x10")
    c1, c10 = uitkomsten["x1"][0]["counts"], uitkomsten["x10"][0]["counts"]
    q1, q10 = uitkomsten["x1"][0]["heavy_queries"], uitkomsten["x10"][0]["heavy_queries"]
    tekst = [
        "# Benchmarks: Nijmegen ×1 and ×10 side by side",
        "",
        "Measured by `tests/perf/schaal.py` (command in its docstring): `tests/perf/bench.py` "
        "alternately on the ×1 and the ×10 database, in one run; each line the worst p50 and "
        "p95 over the repeats. Server-side milliseconds through the whole Django stack "
        '(test client, warm cache); "klantbeeld SQL only" sends the klantbeeld\'s own '
        "queries again straight through the cursor: the floor below the page time.",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')} · machine: {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        f"- Runs per line per repeat: {args.runs} in {args.rounds} rounds; repeats: "
        f"{args.repeats} (x1, x10, x1, x10, …)",
        f"- ×1: {c1['persons']:,} persons, {c1['organisations']:,} organisations, "
        f"{c1['contactmomenten']:,} contact moments, {c1['zaken']:,} zaken",
        f"- ×10: {c10['persons']:,} persons, {c10['organisations']:,} organisations, "
        f"{c10['contactmomenten']:,} contact moments, {c10['zaken']:,} zaken",
        f"- Queries of the klantbeeld (person with 2,000 contacts): ×1 {q1}, ×10 {q10}",
        "",
        "| what | ×1 p50 | ×1 p95 | ×10 p50 | ×10 p95 | target p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for soort, (p50, p95, doel) in een.items():
        t50, t95, _ = tien.get(soort, (float("nan"), float("nan"), doel))
        teken = "✔" if t95 <= doel and p95 <= doel else "✘"
        tekst.append(
            f"| {soort} | {p50:.1f} | {p95:.1f} | {t50:.1f} | {t95:.1f} | {doel} {teken} |"
        )
    rapport = "\n".join(tekst) + "\n"
    print(rapport)
    pad = Path(args.report)
    oud = pad.read_text() if pad.exists() else ""
    if "\n## " in oud:  # keep the hand-written sections (load time and disk) below
        rapport += oud[oud.index("\n## ") :]
    pad.write_text(rapport)


if __name__ == "__main__":
    main()

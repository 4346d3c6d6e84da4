"""Generated role documents for measurement only: SYNTHETIC, never written into kb/.

Each document has the shape of a real career guide (title, sections with headings, bullet
lists, pay figures, licensing and education paragraphs) but its role names and values are
drawn at random from a seed. Every file says so in its first lines, and its metadata kind is
"synthetic benchmark document".
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

MARK = "SYNTHETIC BENCHMARK DOCUMENT: generated text for load testing, not a real career guide."

_FIELDS = [
    "Aquatic",
    "Archival",
    "Avionics",
    "Biomedical",
    "Cargo",
    "Ceramics",
    "Civic",
    "Coastal",
    "Culinary",
    "Dental",
    "Desert",
    "Drone",
    "Forestry",
    "Geothermal",
    "Glass",
    "Harbor",
    "Hydraulic",
    "Kiln",
    "Laboratory",
    "Library",
    "Lumber",
    "Marine",
    "Mining",
    "Museum",
    "Orchard",
    "Pipeline",
    "Polymer",
    "Quarry",
    "Rail",
    "Robotics",
    "Solar",
    "Textile",
    "Tunnel",
    "Turbine",
    "Vineyard",
    "Warehouse",
    "Wetland",
    "Wind",
    "Zoo",
    "Signal",
]
_OBJECTS = [
    "Systems",
    "Records",
    "Equipment",
    "Safety",
    "Inventory",
    "Quality",
    "Maintenance",
    "Logistics",
    "Operations",
    "Compliance",
    "Imaging",
    "Testing",
    "Assembly",
    "Survey",
]
_TITLES = [
    "Technician",
    "Assistant",
    "Specialist",
    "Coordinator",
    "Inspector",
    "Operator",
    "Aide",
    "Analyst",
    "Attendant",
    "Planner",
]
_VERBS = [
    "Inspect",
    "Maintain",
    "Record",
    "Calibrate",
    "Schedule",
    "Prepare",
    "Monitor",
    "Report",
    "Assemble",
    "Clean",
    "Test",
    "Document",
    "Coordinate",
    "Repair",
    "Train",
]
_THINGS = [
    "daily logs",
    "safety equipment",
    "work orders",
    "client files",
    "measurement tools",
    "storage areas",
    "shift schedules",
    "sample batches",
    "supply orders",
    "incident reports",
    "control panels",
    "field notes",
    "inspection checklists",
    "team rosters",
]
_WHEN = ["daily", "weekly", "as directed", "on request", "before each shift"]
_SKILLS = [
    "attention to detail",
    "clear written communication",
    "physical stamina",
    "basic computer skills",
    "problem-solving",
    "teamwork",
    "time management",
    "customer service",
    "manual dexterity",
    "patience under pressure",
]
_SETTINGS = [
    "an indoor workshop",
    "outdoor sites in all weather",
    "a hospital basement",
    "a busy port",
    "a quiet archive",
    "a mobile unit that travels between towns",
    "a shared laboratory",
]
_CREDENTIALS = [
    "high school diploma",
    "associate degree",
    "bachelor's degree",
    "vocational certificate",
]
_BENEFITS = [
    "Health insurance",
    "Dental insurance",
    "Paid time off",
    "401(k)",
    "Tuition support",
    "Uniform allowance",
]


def role_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIELDS)} {rng.choice(_OBJECTS)} {rng.choice(_TITLES)}"


def document(index: int, rng: random.Random) -> tuple[str, str]:
    """(role, markdown text) of one synthetic guide."""
    role = f"{role_name(rng)} {index:05d}"
    low, high = sorted(rng.sample(range(24, 120), 2))
    average = rng.randint(low, high) * 1000 + rng.randint(0, 999)
    years = rng.randint(1, 4)
    lines = [
        f"# {role} job description",
        "",
        f"_{MARK}_",
        "",
        f"A {role} works in {rng.choice(_SETTINGS)} and keeps {rng.choice(_THINGS)} in order. "
        f"The role suits people who value {rng.choice(_SKILLS)}.",
        "",
        f"## {role} duties and responsibilities",
        "",
        f"The typical duties of a {role} include:",
        "",
    ]
    lines += [
        f"* {rng.choice(_VERBS)} {rng.choice(_THINGS)} {rng.choice(_WHEN)}"
        for _ in range(rng.randint(5, 9))
    ]
    lines += [
        "",
        "## Qualifications",
        "",
        f"* {rng.choice(_CREDENTIALS).capitalize()} or equivalent required",
        f"* {years} to {years + 2} years of experience in a similar role",
        f"* {rng.choice(_SKILLS).capitalize()}",
        f"* {rng.choice(_SKILLS).capitalize()}",
        "",
        "## Licensing and certification",
        "",
        f"Most employers ask for the {rng.choice(_FIELDS)} Board certificate, earned by passing "
        f"a {rng.randint(2, 6)}-hour exam. Some states also require a license renewed every "
        f"{rng.randint(1, 5)} years.",
        "",
        "## Education and training",
        "",
        f"A {rng.choice(_CREDENTIALS)} is the usual starting point. Training programs last "
        f"{rng.randint(3, 24)} months and include supervised practice.",
        "",
        "## Salary",
        "",
        f"* Pay Range: ${low},000 minimum to ${high},000 maximum",
        f"* Average salary: ${average:,} per year",
        "",
        "## Benefits",
        "",
    ]
    lines += [f"* {b}" for b in rng.sample(_BENEFITS, 3)]
    lines += [
        "",
        "## Work environment",
        "",
        f"The work takes place in {rng.choice(_SETTINGS)}. Shifts last {rng.randint(6, 12)} hours. "
        f"The role reports to the {rng.choice(_FIELDS)} {rng.choice(_OBJECTS)} Manager.",
        "",
        "## Career path",
        "",
        f"After {rng.randint(2, 6)} years, a {role} may move into a lead or supervisory role.",
        "",
    ]
    return role, "\n".join(lines)


def generate(out_dir: Path, count: int, seed: int = 0) -> list[Path]:
    """Write count synthetic documents (with metadata) into out_dir; same seed, same files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        role, text = document(i, rng)
        stem = f"synthetic-{i:05d}"
        path = out_dir / f"{stem}.md"
        path.write_text(text)
        (out_dir / f"{stem}.meta.yaml").write_text(
            f"id: {stem}\ntitle: {role} job description\nrole: {role}\n"
            f"kind: synthetic benchmark document\nsource: {path.name}\n"
        )
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.out_dir.resolve().name == "kb":
        print("Error: generated documents never go into kb/", file=sys.stderr)
        return 2
    paths = generate(args.out_dir, args.count, args.seed)
    print(f"Wrote {len(paths)} synthetic documents to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

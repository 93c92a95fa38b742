"""`docs/rules.md`, generated from the registry: `python -m clearsight.rules.docs`."""

from __future__ import annotations

from pathlib import Path

from clearsight.rules.engine import catalogue
from clearsight.rules.registry import Rule

_HEADER = """# Detection rules

Generated from the rule registry (`src/clearsight/rules/catalogue/`, one module per rule, named
after its id) by `python -m clearsight.rules.docs`; a test fails when this page and the registry
differ.

Each rule reads the merged chronology of one person (after linkage) as it stood on a date:
only rows recorded by then. An alert's `raised_on` is the day the pattern became visible, and
its `evidence` lists the rows that made it (`agency:record_id`). Firings of one rule for one
person that follow within the rule's window are one alert, updated, not a new one.

An alert asks a person to look; it is not a finding of abuse.

| rule | title | severity |
|---|---|---|
"""


def module_of(rule: Rule) -> str:
    """The catalogue module that declares the rule (one per rule, named after its id)."""
    import clearsight.rules.catalogue as declared

    found = [name for name in declared.__all__
             if any(value is rule for value in vars(getattr(declared, name)).values())]
    if len(found) != 1:
        raise LookupError(f"{rule.rule_id} is declared in {found or 'no module'} of the catalogue")
    return found[0]


def _rule_section(rule: Rule) -> str:
    lines = [f"## {rule.rule_id}: {rule.title}", ""]
    lines.append(
        f"Severity **{rule.severity}**; version {rule.version}; alerts fold firings "
        f"within {rule.merge_within_days} days."
    )
    lines += [
        "",
        "**What it detects.** " + rule.detects,
        "",
        "**Why it matters.** " + rule.why,
        "",
        "**Known limits.** " + rule.limits,
        "",
    ]
    if rule.parameters:
        lines.append("**Parameters.**")
        lines.append("")
        for name, value in rule.parameters.items():
            lines.append(f"- `{name}` = {value}: {rule.parameter_help[name]}")
        lines.append("")
    lines.append("**Examples.**")
    lines.append("")
    for example in rule.examples:
        verdict = "fires" if example.fires else "does not fire"
        lines.append(f"- {verdict}: {example.note}")
    lines += [
        "",
        "**Reads.** " + ", ".join(f"`{r}`" for r in rule.reads),
        "",
        f"**Declared in** `src/clearsight/rules/catalogue/{module_of(rule)}.py`.",
        "",
        "**References.**",
        "",
    ]
    for reference in rule.references:
        link = f" <{reference.url}>" if reference.url else ""
        lines.append(f"- {reference.citation}{link}")
    lines.append("")
    return "\n".join(lines)


def render_catalogue(rules: list[Rule]) -> str:
    table = "".join(
        f"| [{r.rule_id}](#{r.rule_id.lower()}-{_anchor(r.title)}) | {r.title} | {r.severity} |\n"
        for r in rules
    )
    return _HEADER + table + "\n" + "\n".join(_rule_section(r) for r in rules)


def _anchor(title: str) -> str:
    kept = "".join(c.lower() if c.isalnum() or c in " -" else "" for c in title)
    return kept.replace(" ", "-")


def main() -> None:
    target = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    target.write_text(render_catalogue(catalogue()), encoding="utf-8")
    print(f"Wrote {target}")


if __name__ == "__main__":
    main()

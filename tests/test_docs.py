"""Every command, option, setting, column, code and validation rule is documented, and the
README's quick start is the two commands that CI and newcomers rely on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from clearsight.cli import app
from clearsight.format import spec
from clearsight.store.db import ENV_DB, ENV_MEMORY

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    rest = text[start + len(heading) :]
    level = "#" * (len(heading) - len(heading.lstrip("#")))
    following = re.search(rf"^#{{2,{len(level)}}} ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


def _commands() -> dict[str, Any]:
    """Every command by its full name (`users add` for a command of a group)."""
    group = typer.main.get_command(app)
    found: dict[str, Any] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found[name] = command
        for sub, inner in getattr(command, "commands", {}).items():
            found[f"{name} {sub}"] = inner
    return found


def test_readme_quick_start_is_make_demo_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = _section(readme, "## Quick start")
    commands = re.search(r"```\n(.*?)```", block, flags=re.DOTALL)
    assert commands is not None
    assert commands.group(1).split("\n")[:-1] == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_is_documented(name: str) -> None:
    cli_doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    heading = f"## `clearsight {name}`" if " " not in name else f"### `clearsight {name}`"
    assert heading in cli_doc, f"docs/cli.md has no section for {name}"
    section = _section(cli_doc, heading)
    command = _commands()[name]
    for param in command.params:
        if param.param_type_name == "option":
            for option in param.opts:
                if option.startswith("--") and option not in ("--help",):
                    assert (
                        f"`{option}" in section
                        or f"{option} " in section
                        or (f"[{option}" in section)
                    ), f"docs/cli.md does not explain {option} of {name}"
        assert command.help, f"{name} has no --help text"


def test_settings_are_documented() -> None:
    cli_doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert f"`{ENV_DB}`" in cli_doc
    assert f"`{ENV_MEMORY}`" in cli_doc
    assert "`./clearsight.duckdb`" in cli_doc


def test_every_column_code_and_rule_is_in_the_format_guide() -> None:
    guide = (DOCS / "format.md").read_text(encoding="utf-8")
    for column in spec.COLUMN_NAMES:
        assert f"`{column}`" in guide, column
    codes = (
        spec.AGENCIES
        + spec.EVENT_TYPES
        + spec.DATE_PRECISIONS
        + spec.CHILD_SEEN
        + spec.INJURY_TYPES
        + spec.BODY_SITES
        + spec.EXPLANATIONS
        + spec.CONCERN_LEVELS
        + spec.SUBJECT_ROLES
        + spec.SEXES
        + tuple(spec.FACTORS)
    )
    for code in codes:
        assert f"`{code}`" in guide, code
    for rule in spec.VALIDATION_RULES:
        assert f"`{rule}`" in guide, rule


def test_every_decision_has_context_choice_and_consequences() -> None:
    decisions = sorted((DOCS / "decisions").glob("*.md"))
    assert decisions
    for path in decisions:
        text = path.read_text(encoding="utf-8")
        assert re.match(r"\d{4}-[a-z0-9-]+\.md$", path.name), path.name
        assert text.startswith("# "), path.name


def test_every_web_role_and_page_is_documented() -> None:
    import clearsight.web.app as web_app
    from clearsight.web.roles import ROLES

    guide = (DOCS / "web.md").read_text(encoding="utf-8")
    roles = _section(guide, "## Roles")
    for code in ROLES:
        assert f"`{code}`" in roles, f"docs/web.md does not describe the role {code}"
    pages = _section(guide, "## Pages")
    source = Path(web_app.__file__).read_text(encoding="utf-8")
    paths = set(re.findall(r'@app\.get\("(/[a-z-]*)[/"{.]', source)) - {"/", "/openapi"}
    assert len(paths) >= 6, paths
    for path in paths:
        assert f"`{path}" in pages, f"docs/web.md does not describe the page {path}"

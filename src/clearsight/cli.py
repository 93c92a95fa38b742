"""The command line: one Typer app; each command a few lines calling the library."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="clearsight",
    help=(
        "Clearsight: one multi-agency chronology per child, read for risk.\n\n"
        "Load agency files with `ingest`, see what is stored with `status`, and read one "
        "child's merged chronology with `chronology`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

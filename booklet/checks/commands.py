"""`booklet codes`: every kind of problem booklet reports, with its severity and meaning."""

from __future__ import annotations

import click

from booklet.checks.preflight import installed_checks
from booklet.core.codes import all_codes, code_named


@click.command()
@click.argument("code", required=False)
def codes(code: str | None) -> None:
    """List the codes booklet's problems and warnings carry, or explain one (booklet codes overflow).

    A warning's severity is the one it has as found: a variant's `errors:` in
    booklet.yaml can make it an error for that variant.
    """
    table = all_codes(check.code for check in installed_checks() if check.code)
    if code is not None:
        found = code_named(code, table)
        click.echo(f"{found.name}: {found.severity}, found in the {found.stage} stage")
        click.echo(found.meaning)
        return
    width = max(len(name) for name in table)
    for found in table.values():  # in the order of the stages that find them
        click.echo(f"{found.name:<{width}}  {found.severity:<7}  {found.stage:<11}  {found.meaning}")

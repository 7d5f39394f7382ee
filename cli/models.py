"""`warta models`: list, install and remove Argos translation packages."""

from pathlib import Path
from typing import Annotated

import typer

from cli.options import DataDir, configure

app = typer.Typer(help="Manage machine translation models (Argos packages).", no_args_is_help=True)


@app.command("list")
def list_models(data_dir: DataDir = None) -> None:
    """Installed language pairs, versions and sizes."""
    from worker.mt.packages import installed

    settings = configure(data_dir)
    packages = installed(settings)
    if not packages:
        typer.echo(f"No models installed in {settings.packages_dir}.")
        return
    typer.echo(f"{'pair':<10}{'version':<10}{'size':>10}  path")
    for package in packages:
        size = f"{package.size_bytes / 1024 / 1024:.1f} MiB"
        typer.echo(f"{package.pair:<10}{package.version:<10}{size:>10}  {package.path}")


@app.command()
def install(
    from_code: Annotated[str | None, typer.Argument(help="Source language, e.g. tr")] = None,
    to_code: Annotated[str | None, typer.Argument(help="Target language, e.g. en")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="An .argosmodel file")] = None,
    data_dir: DataDir = None,
) -> None:
    """Install FROM TO from the Argos index (online), or --file PATH.argosmodel."""
    from worker.mt.packages import ModelError, install_file, install_from_index

    settings = configure(data_dir)
    try:
        if file is not None:
            package = install_file(settings, file)
        elif from_code and to_code:
            package = install_from_index(settings, from_code, to_code)
        else:
            raise typer.BadParameter("give FROM TO, or --file PATH.argosmodel")
    except ModelError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Installed {package.pair} v{package.version} in {package.path}. "
        "Running workers use it for the next article."
    )


@app.command()
def remove(from_code: str, to_code: str, data_dir: DataDir = None) -> None:
    """Remove the installed FROM TO package."""
    from worker.mt.packages import ModelError
    from worker.mt.packages import remove as remove_package

    settings = configure(data_dir)
    try:
        for package in remove_package(settings, from_code, to_code):
            typer.echo(f"Removed {package.pair} v{package.version}.")
    except ModelError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None

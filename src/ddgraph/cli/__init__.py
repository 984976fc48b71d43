"""The ``ddgraph`` command line: a thin layer that parses options, calls one library function, renders.

Each family of commands lives in its own module and registers itself on :data:`main`; errors from the
library are turned into one ``Error: ...`` line here, in one place.
"""

from __future__ import annotations

import importlib.abc
import io
import logging
import os
import sys
import types
from typing import Any

import click

from ..errors import DatasetError, DdgraphError


class DdgraphGroup(click.Group):
    """A group that reports library errors as one line (or the dataset's problem list) and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        # The Neo4j driver logs its retries as warnings; with no handler Python would print them to
        # stderr beside the command's one line. The command reports the outcome itself.
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        logging.getLogger("neo4j").propagate = False
        if sys.unraisablehook is sys.__unraisablehook__:  # not under a test runner's own hook
            sys.unraisablehook = _quiet_driver_finalizers
        try:
            return super().invoke(ctx)
        except DatasetError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            click.echo(f"Error: {len(e.problems)} problem(s) found; nothing was written.", err=True)
            raise click.exceptions.Exit(1) from None
        except DdgraphError as e:
            raise click.ClickException(str(e)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except BrokenPipeError:
            _drop_stdout()
            raise click.exceptions.Exit(0) from None
        except OSError as e:
            if not _stdout_failed(e):
                raise _internal(e) from None
            _drop_stdout()  # else the interpreter's last flush prints a second error at exit
            raise click.ClickException(f"cannot write the output: {e.strerror or type(e).__name__}") from None
        except Exception as e:  # a bug: one line for the user, the traceback on request
            gone = _server_gone(e)
            if gone and not os.environ.get("DDGRAPH_DEBUG"):
                raise click.ClickException(gone) from None
            raise _internal(e) from None


def _quiet_driver_finalizers(unraisable: Any) -> None:
    """Drop what the Neo4j driver's finalizers raise (one fails on a connection cut during its
    handshake): the command has said what went wrong in one line; DDGRAPH_DEBUG=1 shows them."""
    module = getattr(unraisable.object, "__module__", None) or ""
    if module.startswith("neo4j") and not os.environ.get("DDGRAPH_DEBUG"):
        return
    sys.__unraisablehook__(unraisable)


def _server_gone(e: Exception) -> str | None:
    """The line for a Neo4j server that went away mid-command (the driver's own text spans lines);
    None for any other error. Writes say it themselves (``neo4j_store.connect.server_gone``)."""
    driver_errors = sys.modules.get("neo4j.exceptions")  # not imported: not a driver error
    if driver_errors is None or not isinstance(
        e, (driver_errors.ServiceUnavailable, driver_errors.SessionExpired)
    ):
        return None
    from ..neo4j_store.connect import unavailable  # the driver is loaded already

    return unavailable("the command (the server stopped or the connection broke)", rolled_back=False)


def _internal(e: Exception) -> click.ClickException:
    """A bug: one line for the user, the traceback on request (DDGRAPH_DEBUG=1)."""
    if os.environ.get("DDGRAPH_DEBUG"):
        raise e
    text = " ".join(str(e).split())  # one line, whatever the exception's text holds
    return click.ClickException(
        f"internal error: {type(e).__name__}: {text} (set DDGRAPH_DEBUG=1 for a traceback)"
    )


def _stdout_failed(e: OSError) -> bool:
    """Whether ``e`` was raised writing the command's output (every command writes with click.echo)."""
    tb = e.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "echo" and code.co_filename.endswith(os.path.join("click", "utils.py")):
            return True
        tb = tb.tb_next
    return False


def _drop_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


@click.group(cls=DdgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ddgraph")
def main() -> None:
    """ddgraph: a source-cited graph of defense-diplomacy channels.

    The dataset in graph/ is read in-process by default; `ddgraph load` puts it into Neo4j and
    `--neo4j` makes the analyses read it back from there.

    Example:

        ddgraph validate && ddgraph channels USA CHN --as-of 2024-03-31
    """


def _register() -> None:
    from . import data  # noqa: F401  (each module adds its commands to main)

    for optional in ("neo4j_cmds", "analysis_cmds", "report_cmds", "synth_cmds", "run_cmds", "page_cmds"):
        try:
            __import__(f"{__name__}.{optional}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{optional}":
                raise


_register()


class _DriverWithoutDataFrames(importlib.abc.MetaPathFinder):
    """Hides pandas and pyarrow from the Neo4j driver's probe of its optional dependencies.

    The driver imports both, when installed, as soon as it is imported (``neo4j._optional_deps``), to
    accept their values as query parameters and to offer ``Result.to_df``: 0.4 s of every ``ddgraph
    load`` or ``query``, for features the command line never uses (its parameters are text, numbers,
    dates and lists). Only that probe is refused; any other import of pandas or pyarrow in the same
    process (and the library's own API, used from a notebook) is untouched.
    """

    HIDDEN = frozenset({"pandas", "pyarrow"})
    PROBE = "neo4j._optional_deps"

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name in self.HIDDEN and self._from_probe():
            raise ModuleNotFoundError(f"No module named {name!r} (hidden from the Neo4j driver)", name=name)
        return None  # not ours to find: the next finder looks

    def _from_probe(self) -> bool:
        frame: types.FrameType | None = sys._getframe(1)
        while frame is not None:
            if frame.f_globals.get("__name__") == self.PROBE:
                return True
            frame = frame.f_back
        return False


def run_status() -> object:
    """The console entry point up to its exit: what the command would exit with (``SystemExit.code``)."""
    if not any(isinstance(f, _DriverWithoutDataFrames) for f in sys.meta_path):
        sys.meta_path.insert(0, _DriverWithoutDataFrames())
    try:
        main(prog_name="ddgraph")
    except SystemExit as e:
        return e.code
    return 0


def run() -> None:  # pragma: no cover - console entry point
    _exit_now(run_status())


def _exit_now(code: object) -> None:  # pragma: no cover - console entry point
    """End the process once the command has said what it had to say, without tearing the interpreter
    down: freeing every object of a loaded dataset and finalizing every module took 0.2-0.3 s after
    `ddgraph load` of 93k elements had printed its summary (0.18 s after `ddgraph validate`), and a
    command keeps nothing that needs it (its files are closed, its driver closed, its temporary
    directories removed by the command itself). When the output cannot be flushed (a closed pipe), the
    interpreter's usual exit decides, as before."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("text"): the text on stderr, status 1, as the interpreter does
        sys.exit(str(code))
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()

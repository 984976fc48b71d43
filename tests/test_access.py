"""Access: no password anywhere in the repository, and nothing starts without one."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in out.splitlines() if line]


def test_the_local_launcher_refuses_to_start_without_a_password() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    result = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "start"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "NEO4J_PASSWORD" in result.stderr + result.stdout
    short = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "start"],
        env={**env, "NEO4J_PASSWORD": "short"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert short.returncode == 1


def test_compose_refuses_to_start_without_a_password_and_has_no_default() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    auth = compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    assert auth.startswith("neo4j/${NEO4J_PASSWORD:?")  # ':?' = compose stops when unset or empty
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^NEO4J_PASSWORD=$", example, re.M)
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_no_password_is_committed() -> None:
    # NEO4J_PASSWORD=secret / NEO4J_AUTH: neo4j/secret / password="secret" (a reference such as
    # ${NEO4J_PASSWORD:?...} or os.environ[...] is not a password)
    env_assign = re.compile(r"NEO4J_(PASSWORD|AUTH)\s*[:=]\s*(?!['\"]?\$)['\"]?[^\s.]\S{3,}")
    literal = re.compile(r"password\s*=\s*['\"](?!\$)[^'\"]{4,}['\"]", re.I)
    allowed = {"tests", "docs"}  # tests use throwaway passwords against throwaway servers
    hits = []
    for path in tracked_files():
        rel = path.relative_to(ROOT)
        if rel.parts[0] in allowed or path.suffix in (".png", ".txt") or not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="ignore").splitlines(), 1):
            if (env_assign.search(line) or literal.search(line)) and "${NEO4J_PASSWORD" not in line:
                hits.append(f"{rel}:{n}: {line.strip()[:100]}")
    assert hits == []


@pytest.mark.neo4j
def test_the_local_server_home_is_readable_by_its_owner_only(neo4j_server) -> None:  # type: ignore[no-untyped-def]
    home = os.environ.get("DDGRAPH_NEO4J_HOME")
    auth = Path(home or "/nonexistent") / "data" / "dbms" / "auth.ini"
    if not auth.is_file():
        if os.environ.get("DDGRAPH_REQUIRE_NEO4J") == "1":
            pytest.fail(f"DDGRAPH_REQUIRE_NEO4J=1 but no scripts/neo4j-local home with {auth}", pytrace=False)
        pytest.skip("the server is not a scripts/neo4j-local one")
    assert stat.S_IMODE(Path(home).stat().st_mode) == 0o700  # type: ignore[arg-type]
    assert stat.S_IMODE(auth.stat().st_mode) == 0o600
    opened = [
        p
        for p in (Path(home) / "data").rglob("*")  # type: ignore[arg-type]
        if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO)
    ]
    assert opened == []

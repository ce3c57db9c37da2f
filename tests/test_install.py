"""A wheel of the package, installed (not editable) into a fresh virtualenv, run on a
corpus folder outside the repository: init, build, query, export, serve, download.

The wheel is installed without its dependencies, which the fresh environment takes from
this test run's environment through a .pth line: what is tested is the package as a wheel
ships it (its data files, no path into the repository), in a few seconds rather than the
minutes a full download of the dependencies takes. `pip install .` with dependencies into
a fresh venv was run by hand (see bench/README.md, "Install").
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the rskg wheel installed; its `kg` command."""
    work = tmp_path_factory.mktemp("install")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps",
         "-q", "-w", work / "dist", ROOT, cwd=work)
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    python = venv / "bin/python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q",
         *sorted((work / "dist").glob("rskg-*.whl")), cwd=work)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                     cwd=work).strip())
    (site / "deps-from-the-test-env.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv / "bin/kg"


def test_wheel_install_builds_serves_and_exports_a_corpus(fresh: Path, tmp_path: Path) -> None:
    package = Path(_run(fresh.parent / "python", "-c", "import kg; print(kg.__file__)",
                        cwd=tmp_path).strip()).parent
    assert ROOT not in package.parents  # the installed copy, not the repository
    before = _digest(package)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    corpus = tmp_path / "analyst" / "corpus"
    _run(fresh, "init", corpus, "--example", cwd=tmp_path, env=env)
    own_context = json.loads((package / "ontology/context.jsonld").read_text(encoding="utf-8"))
    own_context["@context"]["analystNote"] = "https://example.org/analyst#note"
    (corpus / "ontology").mkdir(exist_ok=True)
    (corpus / "ontology/context.jsonld").write_text(json.dumps(own_context), encoding="utf-8")
    built = _run(fresh, "build", "--no-progress", cwd=corpus, env=env)  # the current folder
    assert "2 documents" in built
    _run(fresh, "export", "-o", tmp_path / "out.jsonld", cwd=tmp_path,
         env={**env, "KG_CORPUS": str(corpus)})
    exported = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    assert exported["@context"] == own_context["@context"]  # the corpus's own context

    port = _free_port()
    server = subprocess.Popen([fresh, "serve", "--corpus", corpus, "--port", str(port),
                               "--workers", "1"], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/health", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        query = urllib.parse.urlencode({"query": "ASK { ?d a <https://schema.org/NewsArticle> }"})
        with urllib.request.urlopen(f"{base}/sparql?{query}", timeout=30) as reply:
            assert json.loads(reply.read())["boolean"] is True
        with urllib.request.urlopen(f"{base}/dataset.nq", timeout=60) as reply:
            downloaded = reply.read()
        with urllib.request.urlopen(f"{base}/context.jsonld", timeout=30) as reply:
            assert json.loads(reply.read()) == own_context
        with urllib.request.urlopen(f"{base}/dataset.jsonld", timeout=60) as reply:
            assert json.loads(reply.read())["@context"] == own_context["@context"]
        _run(fresh, "export", "--corpus", corpus, "-o", tmp_path / "out.nq", cwd=tmp_path,
             env=env)
        assert downloaded == (tmp_path / "out.nq").read_bytes()
        page = urllib.request.urlopen(f"{base}/", timeout=30).read().decode("utf-8")
        assert "claims-by-claimant" in page  # the example queries ship in the package
        for path in ("/claims?sort=claimant", "/timeline?group=type", "/map", "/review"):
            # the analyst pages' templates and queries ship in it too
            with urllib.request.urlopen(base + path, timeout=60) as reply:
                assert reply.status == 200 and b"Open in the query editor" in reply.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert _digest(package) == before  # nothing was written into the installed package

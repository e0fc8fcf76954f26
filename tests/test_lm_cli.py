"""python -m core.lm: trains the three, prints the table whose last line is the three perplexities; bad
input gets one line on stderr and exit code 2, never a traceback."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.lm import main

ROOT = Path(__file__).resolve().parent.parent
LINES = [f"the {c} apple is {t}" for c in ("red", "green", "yellow") for t in ("sweet", "sour", "crisp")]


def test_cli_prints_the_table_and_the_perplexity_line(tmp_path):
    train, held = tmp_path / "train.txt", tmp_path / "held.txt"
    train.write_text("\n".join(LINES * 4), encoding="utf-8")
    held.write_text("the red apple is crisp\nthe green apple is sour", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "core.lm", str(train), "--eval", str(held), "--seconds", "3", "--seed", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"perplexity lookup=([\d.]+) embedding=([\d.]+) transformer=([\d.]+)", last)
    assert m, last
    assert all(1 <= float(x) < 20 for x in m.groups())  # V = 12 words + 3 specials: better than uniform
    assert "unseen contexts" in r.stdout and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "content, args, message",
    [
        (None, [], "File not found"),
        (b"", [], "empty"),
        (b"\x00\x01\x02binary", [], "binary"),
        (b"one line only", [], "Too little text"),
        ("\n".join(LINES).encode(), ["--seconds", "0"], "--seconds"),
        ("\n".join(LINES).encode(), ["--tokenizer", "nope"], "invalid choice"),
        ("\n".join(LINES).encode(), ["--min-count", "50"], "No word occurs"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, content, args, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    assert main([str(path), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and message in err, err

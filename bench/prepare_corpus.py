"""Build the benchmark corpora in bench/data/ from text nobody on the team wrote, offline.

- gcide.txt: the GNU Collaborative International Dictionary of English (Webster 1913 + additions), from
  Debian's `dict-gcide` package (`apt-get download dict-gcide`): ~4M words of real English prose —
  definitions and quoted sentences — one paragraph per line, markup stripped, tokenised by
  core.corpus.tokenize(..., "words") and written space-separated, so gensim and we see the same tokens.
- gcide_17m.txt: gcide.txt repeated to text8's size (17M tokens) for the speed / memory benchmark.
- wordsim353.tsv, questions-words.txt: the evaluation sets gensim ships in gensim/test/test_data.

    python bench/prepare_corpus.py          # needs apt-get (Debian) and gensim (requirements-dev.txt)
"""

import gzip
import re
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.corpus import tokenize  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
TEXT8_TOKENS = 17_005_207

_BRACKETS = re.compile(r"\[[^\]]*\]")          # [1913 Webster], [Obs.], etymologies
_PRONUNCIATION = re.compile(r"\\[^\\]*\\")      # \Af*fect"\
_CITATION = re.compile(r"--\s*[A-Z][\w.' ]*")   # --Milton.
_SPACES = re.compile(r"\s+")


def gcide_dict() -> bytes:
    """The uncompressed gcide.dict of Debian's dict-gcide package."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "dict-gcide"], cwd=tmp, check=True, capture_output=True)
        deb = next(Path(tmp).glob("dict-gcide_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp + "/x"], check=True)
        return gzip.decompress((Path(tmp) / "x/usr/share/dictd/gcide.dict.dz").read_bytes())


def paragraphs(text: str):
    """One cleaned line per blank-line separated paragraph."""
    for para in text.split("\n\n"):
        para = _PRONUNCIATION.sub(" ", para)
        para = _BRACKETS.sub(" ", para)
        para = _CITATION.sub(" ", para)
        para = para.replace("{", "").replace("}", "").replace('"', "").replace("*", "")
        para = _SPACES.sub(" ", para).strip()
        if len(para.split()) >= 4:
            yield " ".join(tokenize(para, "words"))


def main() -> None:
    import gensim

    DATA.mkdir(exist_ok=True)
    text = gcide_dict().decode("utf-8", errors="replace")
    lines = list(paragraphs(text[text.find("\n\n"):]))       # skip the dictionary's header entry
    (DATA / "gcide.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    words = sum(len(line.split()) for line in lines)
    with open(DATA / "gcide_17m.txt", "w", encoding="utf-8") as f:
        done = 0
        while done < TEXT8_TOKENS:
            for line in lines:
                f.write(line + "\n")
                done += len(line.split())
                if done >= TEXT8_TOKENS:
                    break
    test_data = Path(gensim.__file__).parent / "test" / "test_data"
    for name in ("wordsim353.tsv", "questions-words.txt"):
        shutil.copy(test_data / name, DATA / name)
    print(f"gcide.txt: {len(lines):,} lines, {words:,} words; gcide_17m.txt: {done:,} words")


if __name__ == "__main__":
    main()

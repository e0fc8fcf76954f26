"""Build the benchmark corpora in bench/data/ from text nobody on the team wrote, offline.

Every corpus is written one sentence or paragraph per line, already tokenised and space-separated, so that
gensim and we see exactly the same tokens (bench scripts read them with the "words" tokenizer, which keeps
space-separated tokens, Chinese ones included). Sources are Debian packages (`apt-get download`):

| file | source | kind |
|---|---|---|
| devil.txt | dict-devil: Bierce, The Devil's Dictionary | literary English with stopwords, ~60k tokens |
| jargon.txt | dict-jargon: The Jargon File | technical English with stopwords, ~200k tokens |
| foldoc_stem.txt | dict-foldoc: computing dictionary | English, stopwords removed, Snowball-stemmed, ~400k |
| fortunes_en.txt | fortunes: quotations and jokes | English with stopwords, short lines |
| fortunes_zh.txt | fortunes-zh: Tang and Song poems, sayings | Chinese segmented by jieba |
| manpages_zh.txt | manpages-zh: Chinese manual pages (zh_CN) | Chinese characters only, one token each |
| manpages_en.txt | manpages: Linux manual pages, sections 2–7 | technical English with stopwords |
| debref_zh.txt | debian-reference-zh-cn: the Debian Reference in Chinese | Chinese and commands, by jieba |
| gcide.txt | dict-gcide: Webster 1913 + WordNet glosses | English with stopwords, 3.9M tokens |
| gcide_17m.txt | gcide.txt repeated to text8's size | speed and memory only |

wordsim353.tsv and questions-words.txt are the evaluation sets gensim ships in gensim/test/test_data.

    python bench/prepare_corpus.py [NAME ...]   # needs apt-get (Debian) and requirements-dev.txt
"""

import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.corpus import tokenize  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
TEXT8_TOKENS = 17_005_207

_BRACKETS = re.compile(r"\[[^\]]*\]")  # [1913 Webster], [Obs.], etymologies
_PRONUNCIATION = re.compile(r"\\[^\\]*\\")  # \Af*fect"\
_CITATION = re.compile(r"--\s*[A-Z][\w.' ]*")  # --Milton.
_SPACES = re.compile(r"\s+")
_GROFF_ESCAPE = re.compile(r"\\f[BIRP]|\\\(..|\\[-&e|^]|\\s[-+]?\d")
_ANSI = re.compile(r"\x1b\[[\d;]*m")  # colour codes in some fortunes
_HAN = re.compile(r"[\u3400-\u9fff]")
_WRAPPED_HAN = re.compile(r"([\u3400-\u9fff])[ \t]*\n[ \t]*([\u3400-\u9fff])")


def deb_files(package: str, pattern: str) -> dict[str, bytes]:
    """{name: bytes} of the files matching `pattern` (a glob under the package's root) in a Debian package."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", package], cwd=tmp, check=True, capture_output=True)
        deb = next(Path(tmp).glob(f"{package}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp + "/x"], check=True)
        return {p.name: p.read_bytes() for p in sorted((Path(tmp) / "x").glob(pattern)) if p.is_file()}


def dictd_text(package: str, name: str) -> str:
    """The uncompressed text of a dictd dictionary (its .dict.dz is gzip-compatible), header entry skipped."""
    data = deb_files(package, f"usr/share/dictd/{name}.dict.dz")[f"{name}.dict.dz"]
    text = gzip.decompress(data).decode("utf-8", errors="replace")
    return text[text.find("\n\n") :]


def paragraphs(text: str, tokenizer: str = "words", min_tokens: int = 4):
    """One tokenised, space-joined line per blank-line separated paragraph (dictionary markup stripped)."""
    for para in text.split("\n\n"):
        para = _PRONUNCIATION.sub(" ", para)
        para = _BRACKETS.sub(" ", para)
        para = _CITATION.sub(" ", para)
        para = para.replace("{", "").replace("}", "").replace('"', "").replace("*", "")
        tokens = tokenize(_SPACES.sub(" ", para).strip(), tokenizer)
        if len(tokens) >= min_tokens:
            yield " ".join(tokens)


def fortunes(package: str, names: list[str] | None, encoding: str = "utf-8") -> list[str]:
    """The entries (separated by lines of '%') of a fortune package's files, as text."""
    files = deb_files(package, "usr/share/games/fortunes/*")
    out = []
    for name, data in files.items():
        if "." in name or (names is not None and name not in names):
            continue  # .dat indexes, .u8 links
        text = _ANSI.sub("", data.decode(encoding, errors="replace"))
        out += [e.strip() for e in text.split("\n%\n") if e.strip()]
    return out


def stemmed_without_stopwords(lines):
    """English lines with scikit-learn's stopwords removed and every word Snowball-stemmed."""
    import snowballstemmer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stem = snowballstemmer.stemmer("english").stemWord
    for line in lines:
        tokens = [stem(t) for t in line.split() if t not in ENGLISH_STOP_WORDS and not t.isdigit()]
        if len(tokens) >= 4:
            yield " ".join(tokens)


def man_text(groff: str) -> str:
    """The prose of a man page: requests (lines starting with . or ') dropped, font escapes removed."""
    lines = [line for line in groff.splitlines() if not line.startswith((".", "'"))]
    return _GROFF_ESCAPE.sub("", "\n".join(lines))


def build_gcide():
    lines = list(paragraphs(dictd_text("dict-gcide", "gcide")))
    with open(DATA / "gcide_17m.txt", "w", encoding="utf-8") as f:
        done = 0
        while done < TEXT8_TOKENS:
            for line in lines:
                f.write(line + "\n")
                done += len(line.split())
                if done >= TEXT8_TOKENS:
                    break
    return lines


def build_fortunes_zh():
    entries = fortunes("fortunes-zh", None)
    return [" ".join(t) for e in entries for line in e.splitlines() if len(t := tokenize(line, "jieba")) >= 2]


def build_manpages_zh():
    pages = deb_files("manpages-zh", "usr/share/man/zh_CN/man*/*.gz")
    lines = []
    for data in pages.values():
        text = man_text(gzip.decompress(data).decode("utf-8", errors="replace"))
        lines += [" ".join(t) for line in text.splitlines() if len(t := _HAN.findall(line)) >= 4]
    return lines


def build_manpages_en():
    pages = deb_files("manpages", "usr/share/man/man*/*.gz")
    lines = []
    for data in pages.values():
        text = man_text(gzip.decompress(data).decode("utf-8", errors="replace"))
        lines += [" ".join(t) for line in text.splitlines() if len(t := tokenize(line, "words")) >= 4]
    return lines


def build_debref_zh():
    data = deb_files("debian-reference-zh-cn", "usr/share/debian-reference/*.txt.gz")
    text = gzip.decompress(next(iter(data.values()))).decode("utf-8", errors="replace")
    text = _WRAPPED_HAN.sub(r"\1\2", text)  # lines are wrapped at a fixed width, inside Chinese words
    return [
        " ".join(t)
        for para in text.split("\n\n")
        if len(t := tokenize(para.replace("\n", " "), "jieba")) >= 4
    ]


BUILDERS = {
    "devil": lambda: list(paragraphs(dictd_text("dict-devil", "devil"))),
    "jargon": lambda: list(paragraphs(dictd_text("dict-jargon", "jargon"))),
    "foldoc_stem": lambda: list(stemmed_without_stopwords(paragraphs(dictd_text("dict-foldoc", "foldoc")))),
    "fortunes_en": lambda: [
        " ".join(t)
        for e in fortunes("fortunes", None)
        if len(t := tokenize(e.replace("\n", " "), "words")) >= 4
    ],
    "fortunes_zh": build_fortunes_zh,
    "manpages_zh": build_manpages_zh,
    "manpages_en": build_manpages_en,
    "debref_zh": build_debref_zh,
    "gcide": build_gcide,
}


def main() -> None:
    import gensim

    DATA.mkdir(exist_ok=True)
    for name in sys.argv[1:] or BUILDERS:
        lines = BUILDERS[name]()
        (DATA / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}.txt: {len(lines):,} lines, {sum(len(x.split()) for x in lines):,} tokens", flush=True)
    test_data = Path(gensim.__file__).parent / "test" / "test_data"
    for name in ("wordsim353.tsv", "questions-words.txt"):
        shutil.copy(test_data / name, DATA / name)


if __name__ == "__main__":
    main()

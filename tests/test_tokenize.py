"""jieba-rs may serve at inference only if it gives jieba's tokens exactly.

Both segment normalised text only (that is all the model ever sees); normalisation cuts
runs of a repeated character, where the two break ties differently.
"""

import re

from scamcheck.corpus import read_corpus
from scamcheck.normalise import normalise
from scamcheck.tokenize import cut, cut_reference

from .conftest import ROOT, SHARED, needs_datasets


def _same_tokens(texts):
    differ = [t for t in texts if cut(t) != cut_reference(t)]
    assert not differ, f"{len(differ)} texts segment differently, e.g. {differ[:3]}"


def test_identical_tokens_on_the_corpus():
    texts = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv")]
    _same_tokens([normalise(t).text for t in texts])


@needs_datasets
def test_identical_tokens_on_the_real_data_sets():
    texts = []
    for f in sorted(SHARED.rglob("*")):
        if f.suffix in (".tsv", ".txt"):
            for line in f.read_text("utf-8").splitlines():
                texts.append(line.split("\t", 1)[-1])
    texts = [re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", t) for t in texts]
    _same_tokens([normalise(t).text for t in texts])

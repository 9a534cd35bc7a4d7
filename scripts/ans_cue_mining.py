#!/usr/bin/env python3
"""Mine candidate contradiction cues from the tune part of the ANS train pairs.

Input: the `--errors FILE --all` output of `examples/ans_eval.rs` (outcome, part, stance, s1, s2,
findings per line) and the Arabic lexicon file. Only rows of the `tune` part are read; the
`check` part is never looked at.

For every word that appears on exactly one side of a pair (after the folding of
`ans_spelling_order.py`: alef forms, ya, ta marbuta, diacritics, the prefixes و ف ب ل ك and the
article), count the pairs where that happens by stance: `disagree` against `agree`/`other`.
A word is listed when it is one-sided in at least SUPPORT pairs, at least RATIO of them are
`disagree`, and no lexicon entry covers it (an exact entry, a word of a multi-word entry or a
`*` prefix entry). The list is a reading aid: each word is then judged by hand, and only
general cues (negative predicates, antonym events) go into the lexicon; names, places and
subjects never do. The thresholds were fixed before any change was measured.

Usage: ans_cue_mining.py ERRORS.tsv src/claims/lexicon/ar.json
"""
import json
import re
import sys
from collections import Counter

SUPPORT = 4
RATIO = 0.8
IMPERFECT = "يتن"
PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def fold_text(s):
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    s = re.sub("[\u064B-\u065F\u0670\u0640]", "", s)
    return s.lower()


def bare(w):
    for p in PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


def words(s):
    """The folded words of `s` without clitics, and each word that may be an imperfect verb
    also as `~` + its stem, so "يعجز" and "تعجز" count together."""
    out = set()
    for w in re.findall(r"[^\W\d_]+", fold_text(s)):
        w = bare(w)
        out.add(w)
        if w[0] in IMPERFECT and len(w) >= 4:
            out.add("~" + w[1:])
    return out


def lexicon_words(path):
    exact, prefixes = set(), []

    def walk(v):
        if isinstance(v, str):
            for w in fold_text(v).split():
                w = w.rstrip("+")
                if w.endswith("*"):
                    prefixes.append(w[:-1])
                else:
                    exact.add(w)
                    exact.add(bare(w))
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                if not k.startswith("_"):
                    walk(k)
                    walk(x)

    walk(json.load(open(path, encoding="utf-8")))
    return exact, prefixes


def main():
    exact, prefixes = lexicon_words(sys.argv[2])
    dis, rest, missed = Counter(), Counter(), Counter()
    for line in open(sys.argv[1], encoding="utf-8"):
        outcome, part, stance, s1, s2 = line.rstrip("\n").split("\t")[:5]
        if part != "tune":
            continue
        a, b = words(s1), words(s2)
        for w in a ^ b:
            if stance == "disagree":
                dis[w] += 1
                missed[w] += outcome == "FN"
            else:
                rest[w] += 1
    rows = []
    for w in set(dis) | set(rest):
        n = dis[w] + rest[w]
        if n < SUPPORT or dis[w] / n < RATIO:
            continue
        forms = [p + w[1:] for p in IMPERFECT] if w.startswith("~") else [w]
        if any(f in exact or any(f.startswith(p) for p in prefixes) for f in forms):
            continue
        rows.append((-dis[w] / n, -n, w))
    print(f"support >= {SUPPORT}, disagree ratio >= {RATIO}, not in the lexicon: {len(rows)} words")
    print("word\tdisagree\tagree/other\tdisagree missed")
    for _, _, w in sorted(rows):
        print(f"{w}\t{dis[w]}\t{rest[w]}\t{missed[w]}")


if __name__ == "__main__":
    main()

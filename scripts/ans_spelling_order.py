#!/usr/bin/env python3
"""Count flags on ANS pairs whose two sides differ only in spelling or word order.

Input: the `--pairs` file of `examples/ans_eval.rs` (flagged, stance, s1, s2 per line).
A pair "differs only in spelling or word order" when, after folding (alef forms, ya/alef maqsura,
ta marbuta, diacritics, tatweel, Arabic-Indic digits, punctuation) and dropping the clitic
prefixes و/ال, the two sides have the same multiset of words, or the same multiset up to words
one edit apart (spelling variants). A number is a value, not a spelling: words with digits must
be equal ("2020" / "2030" is a different year, not a variant).
"""
import re
import sys


def fold(s):
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    s = re.sub("[\u064B-\u065F\u0670\u0640]", "", s)
    s = s.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    words = []
    for w in re.findall(r"\w+", s.lower()):
        for p in ("وال", "بال", "لل", "ال", "و"):
            if w.startswith(p) and len(w) - len(p) >= 2:
                w = w[len(p):]
                break
        words.append(w)
    return words


def one_edit(a, b):
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def has_digit(s):
    return any(c.isdigit() for c in s)


def same_up_to_spelling(a, b):
    if len(a) != len(b):
        return False
    rest = list(b)
    for w in a:
        for i, v in enumerate(rest):
            if v == w or (len(w) >= 4 and not has_digit(w + v) and one_edit(w, v)):
                del rest[i]
                break
        else:
            return False
    return True


total = flagged = 0
for line in open(sys.argv[1], encoding="utf-8"):
    f, stance, s1, s2 = line.rstrip("\n").split("\t")
    if same_up_to_spelling(fold(s1), fold(s2)):
        total += 1
        flagged += f == "1"
        if f == "1":
            print("FLAGGED:", stance, "|", s1, "|", s2)
print(f"pairs differing only in spelling or word order: {total}, flagged: {flagged}")

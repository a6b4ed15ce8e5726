"""Korean particles (조사) after numbers and names that are only known at run time.

A Korean particle depends on the sound the word before it ends with: 을 after a final
consonant (받침), 를 after a vowel, and so on. A text like "{label}을(를)" leaves the
choice to the reader and reads as a machine's text; instead, the code passes the values
through :func:`with_particles`, and the Korean translation names the form it wants::

    text = tr("{count} samples of {label} predicted as {predicted}")
    text.format(**with_particles(label="9", predicted="3", count=4))
    # Korean: "{label을} {predicted으로} 잘못 예측한 샘플 {count}개"
    # gives "9를 3으로 잘못 예측한 샘플 4개"; English ignores the extra keys.

Each value ``v`` under key ``k`` also appears as ``k을``, ``k이``, ``k은``, ``k과`` and
``k으로``: the word with the particle that fits it (written with the form that follows a
consonant, so the key reads as Korean). Digits are read the Korean way (1 일, 2 이,
10 십, 100 백…); Latin letters by a simple English reading (``l``, ``m``, ``n`` and ``ng``
end in a consonant, as do ``k``, ``p`` and ``t`` after a vowel: "block", "cat"; a
silent final ``e`` is skipped: "airplane").
"""

from __future__ import annotations

from collections.abc import Mapping

#: Particle pairs: (after a final consonant, after a vowel).
PARTICLES = {
    "을": ("을", "를"),
    "이": ("이", "가"),
    "은": ("은", "는"),
    "과": ("과", "와"),
    "으로": ("으로", "로"),
}
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the final consonants
#: The final consonant of each digit read in Korean: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ"}
_DIGIT_FINAL.update({"7": "ㄹ", "8": "ㄹ", "9": ""})
#: Round numbers end in their unit: 십 백 천 만.
_UNIT_FINAL = ((10_000, "ㄴ"), (1000, "ㄴ"), (100, "ㄱ"), (10, "ㅂ"))
_VOWELS = set("aeiou")


def final_consonant(word: str) -> str:
    """The final consonant the word is read with ("ㄹ", "ㅁ"…), or "" when it ends in a
    vowel. Trailing spaces, brackets and punctuation are skipped."""
    text = str(word).rstrip(" )]}'\"”’.,:;!?%")
    if not text:
        return ""
    last = text[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        index = (ord(last) - _HANGUL_FIRST) % 28
        return "ㄹ" if index == _RIEUL else ("받침" if index else "")
    if last.isdigit():
        return _number_final(text)
    return _latin_final(text.lower())


def _number_final(text: str) -> str:
    digits = ""
    for char in reversed(text):
        if not (char.isdigit() or char == ","):
            break
        digits = char + digits
    value = int(digits.replace(",", "") or "0")
    if value == 0 or value % 10:
        return _DIGIT_FINAL[digits[-1]]
    return next(final for unit, final in _UNIT_FINAL if value % unit == 0)


def _latin_final(text: str) -> str:
    if not text[-1].isalpha():
        return ""
    if text.endswith("le") and len(text) > 2:  # "scale" 스케일, "circle" 서클
        return "ㄹ" if text[-3] in _VOWELS else ""
    if text.endswith("e") and len(text) > 2 and text[-2] not in _VOWELS:
        return "받침" if text[-2] in "mn" else ""  # "plane" 플레인, "kite" 카이트
    if text.endswith("l"):
        return "ㄹ"
    if text.endswith(("m", "n", "ng")):
        return "받침"
    if text[-1] in "kpt" and len(text) > 1 and text[-2] in _VOWELS | {"c"}:
        return "받침"
    return ""


def particle(word, kind: str) -> str:
    """``word`` followed by the form of particle ``kind`` ("을", "이", "은", "과", "으로")
    that fits its final sound: ``particle("9", "을")`` is ``"9를"``."""
    with_consonant, with_vowel = PARTICLES[kind]
    final = final_consonant(word)
    if kind == "으로" and final == "ㄹ":  # 서울로, 1로: ㄹ takes 로
        return f"{word}{with_vowel}"
    return f"{word}{with_consonant if final else with_vowel}"


def with_particles(values: Mapping | None = None, /, **more) -> dict:
    """``values`` plus, for each, the keys ``k을``, ``k이``, ``k은``, ``k과``, ``k으로``."""
    merged = {**(values or {}), **more}
    out = dict(merged)
    for key, value in merged.items():
        for kind in PARTICLES:
            out[f"{key}{kind}"] = particle(value, kind)
    return out

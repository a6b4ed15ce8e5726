"""Korean that follows docs/glossary-ko.md: particles chosen by sound, one term per concept,
polite endings, and no visible particle fallback, in every Korean text Convas has."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engine import i18n
from engine.cli.core import SUBCOMMANDS
from engine.korean import final_consonant, particle, with_particles
from engine.registry import CATEGORY_KO, all_specs
from engine.training.config import TrainConfig
from tests.korean_text import HANGUL, korean_problems

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "convas_ko.ts"

#: Words the glossary replaces (left) and the reason.
AVOID = {
    "맥스 풀링": "최대 풀링",
    "그레디언트": "그래디언트",
    "레이어": "층",
    "특징 맵": "특성 맵",
    "진짜 합성곱": "수학적 합성곱",
    "훈련": "학습",
    "에포크": "에폭",
}
#: English terms that must not appear inside a Korean sentence (identifiers excepted).
ENGLISH_TERMS = re.compile(  # Latin boundaries: "dilation이" is English followed by a particle
    r"(?<![A-Za-z_])(?:cross-correlation|depthwise|pointwise|dilation|stride|padding|kernel)"
    r"(?![A-Za-z_])"
)
#: A particle right after a placeholder: "{block}을", "{size}로 ".
PARTICLE_AFTER_PLACEHOLDER = re.compile(r"\}(?:을|를|이|가|은|는|과|와|으로|로)(?=[\s.,:;)!?]|$)")
FALLBACK = re.compile(r"\((?:을|를|이|가|은|는|과|와|으)\)")
#: The plain (~한다) endings the glossary replaces with ~합니다.
PLAIN_ENDING = re.compile(
    r"(?:한다|된다|이다|있다|없다|준다|는다|진다|른다|쓴다|낸다)[.)]?(?:\s|$)"
)


# --------------------------------------------------------------------------- particles


@pytest.mark.parametrize(
    "word, object_form, topic, direction",
    [
        ("9", "9를", "9는", "9로"),
        ("3", "3을", "3은", "3으로"),
        ("1", "1을", "1은", "1로"),  # 일: ㄹ takes 로
        ("2", "2를", "2는", "2로"),
        ("10", "10을", "10은", "10으로"),  # 십
        ("100", "100을", "100은", "100으로"),  # 백
        ("1,000", "1,000을", "1,000은", "1,000으로"),  # 천
        ("고양이", "고양이를", "고양이는", "고양이로"),
        ("강아지풀", "강아지풀을", "강아지풀은", "강아지풀로"),
        ("책", "책을", "책은", "책으로"),
        ("cat", "cat을", "cat은", "cat으로"),
        ("dog", "dog를", "dog는", "dog로"),
        ("airplane", "airplane을", "airplane은", "airplane으로"),
        ("circle", "circle를", "circle는", "circle로"),
        ("automobile", "automobile을", "automobile은", "automobile로"),
    ],
)
def test_particles_follow_the_final_sound(word, object_form, topic, direction):
    assert particle(word, "을") == object_form
    assert particle(word, "은") == topic
    assert particle(word, "으로") == direction


def test_with_particles_adds_the_forms_a_translation_can_name():
    values = with_particles(label="9", predicted="3", count=4)
    text = "가장 자주 헷갈린 경우: {label을} {predicted으로} 예측 ({count}번)"
    assert text.format(**values) == "가장 자주 헷갈린 경우: 9를 3으로 예측 (4번)"
    assert "{label} taken for {predicted}".format(**values) == "9 taken for 3"  # English
    assert values["count이"] == "4가" and values["label과"] == "9와"
    assert final_consonant("") == "" and final_consonant("(7)") == "ㄹ"


# --------------------------------------------------------------------------- every Korean text


def registry_texts() -> dict[str, str]:
    texts = {f"category {k}": v for k, v in CATEGORY_KO.items()}
    for spec in all_specs():
        texts[f"{spec.type}.help_ko"] = spec.help_ko
        texts[f"{spec.type}.title_ko"] = spec.title_ko
        for p in spec.params:
            texts[f"{spec.type}.{p.name}.help_ko"] = p.help_ko
            texts[f"{spec.type}.{p.name}.label_ko"] = p.label_ko
    return {k: v for k, v in texts.items() if v}


def catalogue_texts() -> dict[str, str]:
    return {f"po: {en[:60]}": ko for en, ko in i18n.catalogue("ko").items()}


def ts_texts() -> dict[str, str]:
    texts = {}
    for context in ET.parse(TS_FILE).getroot():
        name = context.findtext("name")
        for message in context.iter("message"):
            text = message.findtext("translation") or ""
            texts[f"ts {name}: {message.findtext('source')[:60]}"] = text
    return texts


def all_korean() -> dict[str, str]:
    return {**registry_texts(), **catalogue_texts(), **ts_texts()}


def test_every_block_and_parameter_has_korean_help_and_label():
    for spec in all_specs():
        assert spec.help_ko, spec.type
        for p in spec.params:
            assert p.help_ko, f"{spec.type}.{p.name} has no help_ko"
            assert p.label_ko and re.search("[가-힣]", p.label_ko), f"{spec.type}.{p.name}"


def test_help_texts_end_politely():
    for where, text in registry_texts().items():
        if where.endswith("help_ko"):
            assert re.search(r"(니다|세요)[.)]*$", text), f"{where}: {text}"


def test_korean_uses_one_term_per_concept():
    bad = []
    for where, text in all_korean().items():
        bad += [f"{where}: {w} (→ {AVOID[w]})" for w in AVOID if w in text]
        plain = PLAIN_ENDING.search(text)
        if plain:
            bad.append(f"{where}: plain ending {plain.group(0)!r} (→ ~합니다)")
    assert not bad, "\n".join(bad)


def test_no_english_terms_inside_korean_sentences():
    bad = []
    for where, text in {**registry_texts(), **catalogue_texts()}.items():
        if re.search("[가-힣]", text):
            prose = re.sub(r"\{[^}]*\}|[a-z_]+_[a-z_0-9]+", "", text)  # placeholders, identifiers
            if ENGLISH_TERMS.search(prose):
                bad.append(f"{where}: {text}")
    assert not bad, "\n".join(bad)


def test_no_particle_fallback_or_particle_after_a_placeholder():
    bad = []
    for where, text in all_korean().items():
        if FALLBACK.search(text) or PARTICLE_AFTER_PLACEHOLDER.search(text):
            bad.append(f"{where}: {text}")
    assert not bad, "\n".join(bad)


def test_no_english_left_in_any_korean_text():
    # Every Korean text (help, catalogue, window) with English words taken out but names,
    # identifiers and glosses: tests/korean_text.py's rule, the one the walk tests use.
    identifiers = {s.type for s in all_specs()} | {p.name for s in all_specs() for p in s.params}
    identifiers |= {f.name for f in dataclasses.fields(TrainConfig)} | set(SUBCOMMANDS)
    texts = [(where, re.sub(r"<[^>]+>", " ", text)) for where, text in all_korean().items()]
    bad = korean_problems([(w, t) for w, t in texts if HANGUL.search(t)], identifiers)
    assert not bad, "English left in Korean text:\n" + "\n".join(bad)

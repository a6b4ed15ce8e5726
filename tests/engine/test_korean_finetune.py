"""The fine-tuning words of docs/glossary-ko.md, used exactly in the window and the engine.

Each concept has one Korean term in the glossary's fine-tuning table; every translated
text whose English names the concept carries that term (so "Freeze" is never 동결 in one
place and 고정 in another, and "Continue" a run is always 이어서 학습).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engine import i18n

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary-ko.md"
TS_FILE = ROOT / "resources" / "translations" / "convas_ko.ts"

CONTINUE_A_RUN = (
    r"continue (?:a |the |this )?(?:stopped )?runs?\b|runs? can't continue|"
    r"\(continues #|^continue$|can't be continued"
)
#: (English the source text matches, the glossary's term, words that would deviate)
TERMS = [
    (r"\bunfreeze\b", "고정 해제", ("동결", "해동")),
    (r"\bfreeze\b|\bfrozen\b", "고정", ("동결", "얼")),
    (r"\bhead\b", "헤드", ("분류기 층", "머리")),
    (r"\bstarting weights\b", "시작 가중치", ("초기 가중치", "처음 가중치")),
    (r"\bfresh weights\b|\bstarts? fresh\b", "새 가중치", ("초기화된 가중치",)),
    (r"\bpre-trained\b", "사전 학습한", ("사전 훈련", "프리트레인")),
    (CONTINUE_A_RUN, "이어서 학습", ("재개", "이어갈")),
    (r"\bshare of (?:the learning rate|--lr)\b", "학습률 배율", ("비율",)),
]


def translations() -> dict[str, str]:
    """English → Korean, from the window's .ts and the engine's catalogues."""
    texts = dict(i18n.catalogue("ko"))
    for message in ET.parse(TS_FILE).getroot().iter("message"):
        source = (message.findtext("source") or "").replace("&", "")
        texts[source] = message.findtext("translation") or ""
    return texts


def glossary_rows() -> dict[str, str]:
    """English cell → Korean cell of every table row of the glossary."""
    rows = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2:
            rows[cells[0]] = cells[1]
    return rows


@pytest.mark.parametrize("english,term,deviations", TERMS)
def test_fine_tuning_texts_use_the_glossary_term(english, term, deviations):
    assert any(term in korean for korean in glossary_rows().values()), term
    pattern = re.compile(english, re.IGNORECASE)
    found = {en: ko for en, ko in translations().items() if pattern.search(en)}
    assert found, english
    bad = [f"{en!r} → {ko!r}" for en, ko in found.items() if term not in ko]
    bad += [f"{en!r} → {ko!r} ({w})" for en, ko in found.items() for w in deviations if w in ko]
    assert not bad, "\n".join(bad)

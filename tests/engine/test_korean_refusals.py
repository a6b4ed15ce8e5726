"""Engine refusals that reach the user read Korean in the Korean interface."""

from __future__ import annotations

import os
import pickle

import pytest

from engine import i18n
from engine.data.archives import read_cifar_batch
from engine.data.bundle import DatasetError
from engine.teaching.stacking import compare
from tests.korean_text import HANGUL


def test_a_pickle_that_would_run_code_is_refused_in_korean(tmp_path):
    path = tmp_path / "data_batch_1"
    path.write_bytes(pickle.dumps({"data": os.system}))
    i18n.set_language(i18n.KOREAN)
    with pytest.raises(DatasetError) as err:
        read_cifar_batch(path)
    assert "코드를 실행할 수 있는 posix.system 객체가 들어 있습니다" in str(err.value)


def test_stacked_kernels_refuse_nonsense_sizes_in_korean():
    i18n.set_language(i18n.KOREAN)
    with pytest.raises(ValueError) as err:
        compare(0, 3, 8, 32)
    assert HANGUL.search(str(err.value)) and "이상이어야 합니다" in str(err.value)


def test_a_run_the_history_lacks_is_named_in_korean(tmp_path):
    from engine.runs import RunStore

    store = RunStore(tmp_path / "runs.sqlite")
    i18n.set_language(i18n.KOREAN)
    with pytest.raises(KeyError) as err:
        store.graph_json(41)
    assert err.value.args[0] == "실행 기록에 실행 #41 항목이 없습니다"

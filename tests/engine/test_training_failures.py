"""A run that PyTorch stops: the common causes explained in the user's language first,
PyTorch's own text kept after it (what a search or a bug report needs)."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from engine import i18n
from engine.training.messages import failure_message


def _raised(action) -> BaseException:
    with pytest.raises(Exception) as err:
        action()
    return err.value


def shape_mismatch() -> BaseException:
    return _raised(lambda: nn.Linear(12, 3)(torch.zeros(2, 20)))


def batch_mismatch() -> BaseException:
    return _raised(lambda: F.cross_entropy(torch.zeros(6, 10), torch.zeros(2, dtype=torch.long)))


def out_of_memory() -> BaseException:
    return RuntimeError(
        "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)"
    )


def cpu_out_of_memory() -> BaseException:
    return RuntimeError(
        "[enforce fail at alloc_cpu.cpp:117] . DefaultCPUAllocator: can't allocate memory: "
        "you tried to allocate 4161798144 bytes. Error code 12 (Cannot allocate memory)"
    )


def nan_in_backward() -> BaseException:
    def run():
        x = torch.tensor([0.0], requires_grad=True)
        with torch.autograd.detect_anomaly(check_nan=True):
            torch.sqrt(x * 0 - 1).sum().backward()

    with pytest.warns(UserWarning):
        return _raised(run)


CASES = [
    (shape_mismatch, "Linear 블록에 들어오는 값의 개수가", "mat1 and mat2"),
    (batch_mismatch, "네트워크 출력과 정답 레이블의 이미지 수가 다릅니다", "batch_size"),
    (out_of_memory, "장치의 메모리가 모자랍니다", "Tried to allocate 2.00 GiB"),
    (cpu_out_of_memory, "장치의 메모리가 모자랍니다", "DefaultCPUAllocator"),
    (nan_in_backward, "NaN(숫자가 아님)", "nan"),
]


@pytest.mark.parametrize("make,korean,original", CASES)
def test_common_failures_are_explained_in_korean_before_pytorchs_words(make, korean, original):
    exc = make()
    first_line = str(exc).strip().splitlines()[0]
    assert original in first_line  # the case really is PyTorch's message
    i18n.set_language(i18n.KOREAN)
    message = failure_message(exc)
    assert message.startswith("학습에 실패했습니다: ")
    explanation, _sep, kept = message.partition(" (PyTorch 메시지: ")
    assert korean in explanation
    assert kept == first_line + ")"


def test_in_english_the_explanation_comes_first_too():
    message = failure_message(shape_mismatch())
    assert message.startswith("Training failed: a Linear block receives a different number")
    assert "(PyTorch: mat1 and mat2 shapes cannot be multiplied (2x20 and 12x3))" in message


def test_an_unknown_failure_keeps_its_kind_and_text():
    i18n.set_language(i18n.KOREAN)
    message = failure_message(RuntimeError("cuDNN error: CUDNN_STATUS_INTERNAL_ERROR"))
    assert message == "학습에 실패했습니다: RuntimeError: cuDNN error: CUDNN_STATUS_INTERNAL_ERROR"

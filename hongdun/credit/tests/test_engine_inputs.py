"""The inputs of the classification: the stored columns, their arrays, and that the engine needs
no Django."""

import math

import numpy as np
import pytest

from hongdun.credit.engine.inputs import (
    INPUT_FIELDS,
    check_inputs,
    inputs_from_rows,
    one,
    row_values,
)
from hongdun.credit.models import Classification
from hongdun.testing.fresh_python import imports_of


def test_input_fields_are_the_classification_models_input_columns_in_order():
    names = [field.name for field in Classification._meta.concrete_fields]
    start = names.index("age_months")
    assert tuple(names[start:]) == INPUT_FIELDS
    assert INPUT_FIELDS[0] == "age_months"
    assert INPUT_FIELDS[-1] == "related_listed"


def test_rows_become_one_typed_array_per_field():
    rows = [
        (5, 3, 0, 1, 0, 0, 0, True, False, 0, False, 2, 1, 0.5, 1, 0),
        (120, 3, 1, 0, 2, 1, 1, False, True, 1, True, 0, 0, None, 0, 3),
    ]
    inputs = inputs_from_rows(rows)
    assert list(inputs) == list(INPUT_FIELDS)
    assert inputs["age_months"].dtype == np.int64
    assert inputs["age_months"].tolist() == [5, 120]
    assert inputs["on_abnormal_list"].dtype == np.bool_
    assert inputs["on_abnormal_list"].tolist() == [True, False]
    assert inputs["licence_revoked"].tolist() == [False, True]
    assert inputs["paid_in_ratio"].dtype == np.float64
    assert inputs["paid_in_ratio"][0] == 0.5
    assert math.isnan(inputs["paid_in_ratio"][1])
    assert check_inputs(inputs) == 2


def test_rows_in_another_order_with_fields_left_out_take_the_defaults():
    inputs = inputs_from_rows([(True, 7), (False, 0)], fields=("on_serious_list", "penalties"))
    assert inputs["on_serious_list"].tolist() == [True, False]
    assert inputs["penalties"].tolist() == [7, 0]
    assert inputs["age_months"].tolist() == [0, 0]
    assert inputs["on_abnormal_list"].tolist() == [False, False]
    assert np.isnan(inputs["paid_in_ratio"]).all()


def test_no_rows_give_empty_arrays():
    inputs = inputs_from_rows([])
    assert check_inputs(inputs) == 0
    assert inputs["on_serious_list"].dtype == np.bool_


def test_one_gives_length_one_arrays_and_back():
    inputs = one({"penalties": 2, "paid_in_ratio": None, "on_abnormal_list": True})
    assert {len(column) for column in inputs.values()} == {1}
    assert row_values(inputs, 0, ("penalties", "paid_in_ratio", "on_abnormal_list")) == {
        "penalties": 2,
        "paid_in_ratio": None,
        "on_abnormal_list": True,
    }


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: one({"penalty": 1}), "unknown input fields: penalty"),
        (lambda: inputs_from_rows([(1,)], fields=("penalties", "penalties")), "named twice"),
        (lambda: inputs_from_rows([(1, 2)], fields=("penalties",)), "rows have 2 values"),
        (lambda: inputs_from_rows([(1, 2), (1,)], fields=("penalties", "age_months")), "zip"),
        (lambda: check_inputs({"penalties": np.zeros(1)}), "missing input fields"),
    ],
)
def test_malformed_inputs_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_unequal_lengths_are_refused():
    inputs = dict(inputs_from_rows([(1,), (2,)], fields=("penalties",)))
    inputs["age_months"] = np.zeros(3, dtype=np.int64)
    with pytest.raises(ValueError, match="differ in length"):
        check_inputs(inputs)


def test_the_engine_imports_no_django():
    modules, django_modules = imports_of("hongdun.credit.engine")
    assert "hongdun.credit.engine.classify" in modules
    assert django_modules == []

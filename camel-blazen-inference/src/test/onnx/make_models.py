#!/usr/bin/env python3
"""Writes the tiny ONNX test models under src/test/resources/onnx/ (run once; the outputs are committed).

Needs Debian's python3-onnx (and numpy). The embedding tables are functions of the token id, so the Java tests
recompute the expected outputs from the tokenizer's ids without reading the files.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")
VOCAB = 30522  # BERT uncased vocabulary (the all-MiniLM-L6-v2 tokenizer used by the tests)
OPSET = [helper.make_opsetid("", 13)]


def save(graph, name):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="camel-blazen-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def add_matmul():
    # product = a @ b; shifted = product + float(k); doubled = k + k
    nodes = [
        helper.make_node("MatMul", ["a", "b"], ["product"]),
        helper.make_node("Cast", ["k"], ["k_float"], to=TensorProto.FLOAT),
        helper.make_node("Add", ["product", "k_float"], ["shifted"]),
        helper.make_node("Add", ["k", "k"], ["doubled"]),
    ]
    graph = helper.make_graph(
        nodes, "add_matmul",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["n", 3]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, [3, 2]),
         helper.make_tensor_value_info("k", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("product", TensorProto.FLOAT, ["n", 2]),
         helper.make_tensor_value_info("shifted", TensorProto.FLOAT, ["n", 2]),
         helper.make_tensor_value_info("doubled", TensorProto.INT64, [1])])
    save(graph, "add_matmul.onnx")


def token_inputs(names):
    return [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in names]


def cross_encoder():
    # logits[b, 0] = sum over tokens t of table[ids[b, t]] * mask[b, t] * type[b, t]: the passage tokens only;
    # table[i] = (i % 10) / 10
    ids = np.arange(VOCAB, dtype=np.int64)
    table = ((ids % 10) / 10.0).astype(np.float32).reshape(VOCAB, 1)
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["emb"], axis=0),           # [b, s, 1]
        helper.make_node("Mul", ["attention_mask", "token_type_ids"], ["keep"]),       # [b, s]
        helper.make_node("Cast", ["keep"], ["keep_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["keep_f", "axis2"], ["keep_3d"]),               # [b, s, 1]
        helper.make_node("Mul", ["emb", "keep_3d"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "axis1"], ["logits"], keepdims=0),      # [b, 1]
    ]
    graph = helper.make_graph(
        nodes, "cross_encoder", token_inputs(["input_ids", "attention_mask", "token_type_ids"]),
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])],
        initializer=[numpy_helper.from_array(table, "table"),
                     numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
                     numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1")])
    save(graph, "cross_encoder.onnx")


def classifier():
    # logits[b, j] = sum over unmasked tokens t of table[ids[b, t], j]; table[i, j] = ((i * (j + 3)) % 11 - 5) / 10
    ids = np.arange(VOCAB, dtype=np.int64).reshape(VOCAB, 1)
    cols = np.arange(3, dtype=np.int64).reshape(1, 3)
    table = (((ids * (cols + 3)) % 11 - 5) / 10.0).astype(np.float32)
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["emb"], axis=0),           # [b, s, 3]
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axis2"], ["mask_3d"]),               # [b, s, 1]
        helper.make_node("Mul", ["emb", "mask_3d"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "axis1"], ["logits"], keepdims=0),      # [b, 3]
    ]
    graph = helper.make_graph(
        nodes, "classifier", token_inputs(["input_ids", "attention_mask"]),
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
        initializer=[numpy_helper.from_array(table, "table"),
                     numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
                     numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1")])
    save(graph, "classifier.onnx")
    with open(os.path.join(OUT, "classifier-config.json"), "w") as f:
        json.dump({"architectures": ["TinyForSequenceClassification"],
                   "id2label": {"0": "negative", "1": "neutral", "2": "positive"},
                   "label2id": {"negative": 0, "neutral": 1, "positive": 2}}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    add_matmul()
    cross_encoder()
    classifier()

#!/usr/bin/env python3
"""Write the samples modelscan's test fixtures generate at test time, for `reproaudit-bench peers`.

usage: bench/generate-peer-samples.py SUITES

SUITES holds the fetched suites (modelscan @ 8b8ed4bf in SUITES/modelscan). The fixture functions
of tests/test_modelscan.py and the helpers of tests/test_utils.py they call are taken from the
suite's own source (by name, with `ast`) and run with pickle, dill and numpy, writing into
SUITES/modelscan-generated/. Fixtures that need torch, TensorFlow or tf_keras are not run (their
modules are not imported). Nothing here is committed or unpickled; the samples are measurement only.
"""
import ast, bdb, http.client, io, os, pickle, shutil, socket, struct, subprocess, sys, zipfile
from pathlib import Path
from typing import Any, Tuple

import dill
import numpy as np
import requests, aiohttp

suites = Path(sys.argv[1]).resolve()
tests = suites / "modelscan" / "tests"
out = suites / "modelscan-generated"

def pick(path, names):
    tree = ast.parse(path.read_text())
    keep = []
    for node in tree.body:
        name = getattr(node, "name", None)
        if isinstance(node, ast.Assign):
            name = node.targets[0].id if isinstance(node.targets[0], ast.Name) else None
        if name in names:
            if hasattr(node, "decorator_list"):
                node.decorator_list = []
            keep.append(node)
    return compile(ast.Module(body=keep, type_ignores=[]), str(path), "exec")

namespace = dict(globals())
exec(pick(tests / "test_utils.py", {"PickleInject", "get_pickle_payload", "generate_unsafe_pickle_file",
                                     "DillInject", "get_dill_payload", "generate_dill_unsafe_file"}), namespace)
exec(pick(tests / "test_modelscan.py", {
    "Malicious1", "Malicious2", "Malicious3", "malicious3_pickle_bytes", "Malicious4", "Malicious5",
    "Malicious6", "Malicious7", "Malicious8", "Malicious15", "malicious12_gen", "malicious13_gen",
    "malicious14_gen", "initialize_pickle_file", "initialize_dill_file", "initialize_data_file",
    "initialize_zip_file", "zip_file_path", "file_path", "numpy_file_path"}), namespace)
# file_path copies tests/data/password_protected.zip next to the samples; the fixture resolves it by __file__.
namespace["__file__"] = str(tests / "test_modelscan.py")

class Factory:
    def mktemp(self, name):
        path = out / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

for fixture in ("zip_file_path", "file_path", "numpy_file_path"):
    print(fixture, "->", namespace[fixture](Factory()))

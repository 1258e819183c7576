#!/usr/bin/env python3
"""Runs the official FOCUS validator on a FOCUS CSV and prints the outcome of every rule as JSON.

Usage: .venv-focus/bin/python3 Scripts/test-readers/focus-validate.py FILE.csv...

Prints {"validator": VERSION, "corrected": [RULE FILES], "files": {FILE: {"official": ..., "spec": ...}}}.

focus-validator 1.0.0 (PyPI, FinOps Foundation) checks FOCUS 1.0 with the 133 rule files of its
`version_sets/1.0`. Four of them still name the columns by their pre-1.0 IDs (`Provider`,
`Publisher`, `InvoiceIssuer`, `ResourceID`; FOCUS 1.0 renamed them `ProviderName`,
`PublisherName`, `InvoiceIssuerName`, `ResourceId`: FOCUS_Spec v1.0 `specification/columns/`),
and `SkuPriceId_Nullable`'s SQL names the 0.5 column `ChargeType` (1.0: `ChargeCategory`). So
the rules run twice, in the validator itself, with no code of it changed:

- "official": the installed rule set as shipped;
- "spec": the same files with only those column IDs corrected (printed as "corrected").

The validator reads its ISO 4217 list by a relative path, so it runs with its own site-packages
folder as the working directory (else every currency check fails).
"""
import importlib.metadata
import json
import os
import re
import sys
import tempfile

import focus_validator
from focus_validator.validator import DEFAULT_VERSION_SETS_PATH, Validator

VERSION = "1.0"
RENAMED = {"Provider": "ProviderName", "Publisher": "PublisherName", "InvoiceIssuer": "InvoiceIssuerName", "ResourceID": "ResourceId"}


def corrected_rule_set(folder):
    """Copies the shipped rules into folder/1.0, correcting the pre-1.0 column IDs; returns the files changed."""
    source = os.path.join(DEFAULT_VERSION_SETS_PATH, VERSION)
    target = os.path.join(folder, VERSION)
    os.makedirs(target)
    changed = []
    for name in sorted(os.listdir(source)):
        with open(os.path.join(source, name)) as f:
            text = f.read()
        fixed = re.sub(r"^column_id: (\w+)$", lambda m: "column_id: " + RENAMED.get(m.group(1), m.group(1)), text, flags=re.M)
        fixed = re.sub(r"\bChargeType\b", "ChargeCategory", fixed)
        if fixed != text:
            changed.append(name)
        with open(os.path.join(target, name), "w") as f:
            f.write(fixed)
    return changed


def run(data, rule_set_path):
    validator = Validator(
        data_filename=data,
        output_destination=None,
        output_type="console",
        rule_set_path=rule_set_path,
        rules_version=VERSION,
    )
    validator.load()
    result = validator.spec_rules.validate(validator.focus_data)
    outcome = {"rules": len(result.checklist), "passed": 0, "failed": [], "errored": [], "skipped": []}
    for name, check in sorted(result.checklist.items()):
        status = check.status.value
        if status == "passed":
            outcome["passed"] += 1
        else:
            outcome.setdefault(status, []).append(name)
    details = []
    if result.failure_cases is not None:
        for _, row in result.failure_cases.iterrows():
            details.append(f'{row["Check Name"]}: {row["Description"]} (row {row["Row #"]}, value {row["Values"]})')
    outcome["details"] = sorted(set(details))[:20]
    return outcome


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: focus-validate.py FILE.csv...")
    files = [os.path.abspath(path) for path in sys.argv[1:]]
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(focus_validator.__file__))))
    with tempfile.TemporaryDirectory() as folder:
        corrected = corrected_rule_set(folder)
        report = {
            "validator": importlib.metadata.version("focus_validator"),
            "version": VERSION,
            "corrected": corrected,
            "files": {
                shown: {"official": run(path, DEFAULT_VERSION_SETS_PATH), "spec": run(path, folder)}
                for shown, path in zip(sys.argv[1:], files)
            },
        }
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Validate JSON documents (one per line on stdin: JSON Lines) against one
definition of a JSON Schema file: check-json.py SCHEMA DEFINITION."""
import json
import sys

import jsonschema


def main():
    schema_path, definition = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    if definition not in schema["$defs"]:
        sys.exit(f"check-json: no definition {definition!r} in {schema_path}")
    target = dict(schema)
    target["$ref"] = f"#/$defs/{definition}"
    validator = jsonschema.Draft202012Validator(target)
    docs = 0
    for lineno, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            sys.exit(f"check-json: line {lineno}: not JSON: {e}")
        errors = sorted(validator.iter_errors(doc), key=str)
        for err in errors:
            path = "/".join(str(p) for p in err.absolute_path)
            print(f"check-json: line {lineno}: /{path}: {err.message}", file=sys.stderr)
        if errors:
            sys.exit(1)
        docs += 1
    if not docs:
        sys.exit("check-json: no document on stdin")
    print(f"check-json: {docs} document(s) valid against {definition}")


if __name__ == "__main__":
    main()

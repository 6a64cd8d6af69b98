"""Validate `kustomize build` output offline: `kustomize build k8s/overlays/dev | python validate_k8s.py -`.

Built-in kinds go through kubernetes-validate's bundled schemas in strict mode (unknown fields are
errors). kubernetes-validate only warns on kinds it has no schema for, which would let every custom
resource through unchecked, so custom resources (Strimzi, Altinity) are checked here against the
minimal schemas of deploy/check/crd-schemas, and a kind with no schema at all is an error.
Runs with the deploy tools' Python (kubernetes-validate, PyYAML, jsonschema).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import yaml
from kubernetes_validate import utils as kv

CRD_SCHEMAS = Path(__file__).resolve().parent / "crd-schemas"


def crd_schema(resource: dict) -> dict | None:
    group_version = resource.get("apiVersion", "").replace("/", "_")
    path = CRD_SCHEMAS / f"{group_version}_{resource.get('kind')}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def problems(resource: dict, version: str) -> list[str]:
    schema = crd_schema(resource)
    if schema is not None:
        validator = jsonschema.Draft202012Validator(schema)
        return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                for e in sorted(validator.iter_errors(resource), key=lambda e: list(e.absolute_path))]
    try:
        kv.validate(resource, version, strict=True)
    except kv.ValidationError as exc:
        return [f"{'.'.join(map(str, exc.path)) or '(top)'}: {exc.message}"]
    except kv.SchemaNotFoundError:
        return [f"no schema for {resource.get('apiVersion')} {resource.get('kind')} "
                "(add one to deploy/check/crd-schemas if it is a custom resource)"]
    return []


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="manifest files, - for standard input")
    parser.add_argument("--kubernetes-version", default="1.33.0")
    args = parser.parse_args(argv)
    failures, kinds = 0, Counter()
    for name in args.files:
        text = sys.stdin.read() if name == "-" else Path(name).read_text()
        for resource in (r for r in yaml.safe_load_all(text) if r):
            kind = f"{resource.get('apiVersion')}/{resource.get('kind')}"
            ident = f"{resource.get('kind')}/{resource.get('metadata', {}).get('name')}"
            kinds[kind + (" (motcua CRD schema)" if crd_schema(resource) else "")] += 1
            for problem in problems(resource, args.kubernetes_version):
                print(f"ERROR {name}: {ident}: {problem}")
                failures += 1
    for kind, count in sorted(kinds.items()):
        print(f"  {count:3d} {kind}")
    total = sum(kinds.values())
    print(f"{total} resources, {failures} problems (Kubernetes {args.kubernetes_version} schemas, strict)")
    return 1 if failures or not total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Validates artifacts against the JSON schemas dbt-core 1.11 publishes, generated from its own
artifact classes (what schemas.getdbt.com serves), and prints every violation as JSON:
  validate_artifacts.py manifest.json run_results.json sources.json  ->  {"manifest": [...], ...}
"""
import json
import sys

import jsonschema
from dbt.artifacts.schemas.freshness import FreshnessExecutionResultArtifact
from dbt.artifacts.schemas.manifest import WritableManifest
from dbt.artifacts.schemas.run import RunResultsArtifact


def violations(cls, path):
    with open(path) as f:
        data = json.load(f)
    validator = jsonschema.Draft7Validator(cls.json_schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in validator.iter_errors(data)][:50]


out = {
    "manifest": violations(WritableManifest, sys.argv[1]),
    "run_results": violations(RunResultsArtifact, sys.argv[2]),
    "sources": violations(FreshnessExecutionResultArtifact, sys.argv[3]),
}
print(json.dumps(out))

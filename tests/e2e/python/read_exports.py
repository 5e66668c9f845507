"""An independent BI-style consumer: reads every exported mart the way an analyst would, with
pandas (CSV, Parquet) and pyarrow (Arrow IPC), and prints a JSON summary for the vitest side."""
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc

exports = Path(sys.argv[1])
manifest = json.loads((exports / "manifest.json").read_text(encoding="utf-8"))
out = {}
for entry in manifest["files"]:
    path = exports / entry["path"]
    if path.suffix == ".csv":
        # keep_default_na=False: an empty field is NULL only where we say so, as Power BI would.
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        out[entry["path"]] = {"rows": len(df), "columns": list(df.columns)}
    elif path.suffix == ".parquet":
        df = pd.read_parquet(path)
        out[entry["path"]] = {"rows": len(df), "columns": list(df.columns), "dtypes": [str(t) for t in df.dtypes]}
    elif path.suffix == ".arrow":
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        out[entry["path"]] = {"rows": table.num_rows, "columns": table.column_names, "types": [str(t) for t in table.schema.types]}

pass_rate = pd.read_parquet(exports / "kpi_pass_rate.parquet")
out["kpi_pass_rate.parquet:pass_rate_sum"] = float(pass_rate["pass_rate"].sum())
print(json.dumps(out))

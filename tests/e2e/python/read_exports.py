"""An independent BI-style consumer: reads every exported mart the way an analyst would, with
pandas (CSV, Parquet) and pyarrow (Arrow IPC, Parquet schema), and prints a JSON summary for the
vitest side: rows, columns, pandas dtypes and the Arrow types pyarrow sees."""
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc
import pyarrow.parquet as pq

exports = Path(sys.argv[1])
manifest = json.loads((exports / "manifest.json").read_text(encoding="utf-8"))
out = {}
for entry in manifest["files"]:
    path = exports / entry["path"]
    if path.suffix == ".csv":
        # Types as a BI tool infers them; keep_default_na=False so only empty fields are missing.
        inferred = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
        out[entry["path"]] = {"rows": len(inferred), "columns": list(inferred.columns), "dtypes": [str(t) for t in inferred.dtypes]}
    elif path.suffix == ".parquet":
        df = pd.read_parquet(path)
        schema = pq.read_schema(path)
        out[entry["path"]] = {"rows": len(df), "columns": list(df.columns), "dtypes": [str(t) for t in df.dtypes], "types": [str(t) for t in schema.types]}
    elif path.suffix == ".arrow":
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        out[entry["path"]] = {"rows": table.num_rows, "columns": table.column_names, "types": [str(t) for t in table.schema.types]}

pass_rate = pd.read_parquet(exports / "kpi_pass_rate.parquet")
out["kpi_pass_rate.parquet:pass_rate_sum"] = float(pass_rate["pass_rate"].sum())
print(json.dumps(out))

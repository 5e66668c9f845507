// dashboard.html script, part 2 of 4: tables that sort (aria-sort), search, and download the rows
// shown as CSV (a data: link, so no network), with n beside every rate or average.
export const PAGE_TABLES = String.raw`
  // ---- tables: sortable, searchable, CSV of the rows shown ----
  var tables = [];
  function makeTable(host, spec) {
    var mart = spec.mart, cols = spec.columns.filter(function (c) { return columnsOf(mart).indexOf(c) >= 0; });
    var t = { mart: mart, columns: cols, sort: spec.sort ? { column: spec.sort.column, desc: spec.sort.descending } : null, query: "", title: spec.title };
    var note = document.createElement("p"); note.className = "filter-note"; host.appendChild(note); t.note = note;
    var tools = document.createElement("div"); tools.className = "table-tools"; host.appendChild(tools);
    var search = document.createElement("input"); search.type = "search"; search.placeholder = "Search rows";
    search.setAttribute("aria-label", "Search " + spec.title);
    search.addEventListener("input", function () { t.query = search.value.toLowerCase(); fillTable(t); });
    tools.appendChild(search);
    var count = document.createElement("span"); count.className = "row-count"; tools.appendChild(count); t.count = count;
    var link = document.createElement("a"); link.className = "csv-download"; link.textContent = "Download CSV of rows shown";
    link.download = mart + ".csv"; link.href = "data:text/csv;charset=utf-8,"; tools.appendChild(link); t.link = link;
    var wrap = document.createElement("div"); wrap.className = "table-wrap"; host.appendChild(wrap);
    var table = document.createElement("table"); table.className = "qe-table"; table.dataset.mart = mart; wrap.appendChild(table);
    var cap = document.createElement("caption"); cap.className = "visually-hidden"; cap.textContent = spec.title; cap.style.position = "absolute"; cap.style.left = "-9999px"; table.appendChild(cap);
    var thead = document.createElement("thead"), head = document.createElement("tr"); thead.appendChild(head); table.appendChild(thead);
    t.heads = {};
    cols.forEach(function (c) {
      var th = document.createElement("th"); th.scope = "col"; th.dataset.column = c;
      var doc = docOf(mart, c);
      if (isNumeric(mart, c)) th.className = "num";
      var b = document.createElement("button"); b.type = "button"; b.textContent = c.replace(/_/g, " ");
      if (doc && doc.description) b.title = doc.description + (doc.unit ? " [" + doc.unit + "]" : "");
      b.addEventListener("click", function () {
        t.sort = t.sort && t.sort.column === c ? { column: c, desc: !t.sort.desc } : { column: c, desc: false };
        fillTable(t);
      });
      th.appendChild(b); head.appendChild(th); t.heads[c] = th;
    });
    t.body = document.createElement("tbody"); table.appendChild(t.body);
    tables.push(t); fillTable(t);
    return t;
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    return a < b ? -1 : 1;
  }
  function fillTable(t) {
    var rows = rowsOf(t.mart).map(function (r) {
      var cells = t.columns.map(function (c) { return cell(t.mart, c, r); });
      return { row: r, cells: cells };
    });
    if (t.query) rows = rows.filter(function (x) { return x.cells.some(function (c) { return c.text.toLowerCase().indexOf(t.query) >= 0; }); });
    if (t.sort) {
      var i = t.columns.indexOf(t.sort.column), dir = t.sort.desc ? -1 : 1;
      if (i >= 0) rows.sort(function (a, b) {
        var x = a.cells[i].value, y = b.cells[i].value;
        if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
        if (y === null || y === undefined) return -1;
        return dir * compare(x, y);
      });
    }
    Object.keys(t.heads).forEach(function (c) {
      t.heads[c].setAttribute("aria-sort", t.sort && t.sort.column === c ? (t.sort.desc ? "descending" : "ascending") : "none");
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (x) {
      var tr = document.createElement("tr");
      x.cells.forEach(function (c, j) {
        var td = document.createElement("td"), col = t.columns[j], doc = docOf(t.mart, col);
        td.textContent = c.text;
        if (isNumeric(t.mart, col)) td.className = "num";
        if (doc && (doc.statistic === "rate" || doc.statistic === "average") && c.n !== undefined && c.n !== null) {
          var s = document.createElement("span"); s.className = "n"; s.textContent = " (" + nText(c.n) + ")"; td.appendChild(s);
        }
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    t.body.textContent = ""; t.body.appendChild(frag);
    t.count.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s");
    t.link.href = "data:text/csv;charset=utf-8," + encodeURIComponent(toCsv(t.columns, rows));
    noteFor(t.mart, t.note);
  }
  function csvField(v) {
    if (v === null || v === undefined) return "";
    var s = String(v);
    return /[",\r\n]|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  /** Rows as shown: published values (".." where suppressed), raw numbers, not % text. */
  function toCsv(cols, rows) {
    var out = cols.map(csvField).join(",") + "\n";
    rows.forEach(function (x) {
      out += x.cells.map(function (c) { return csvField(c.text === SUPPRESSED ? SUPPRESSED : c.value); }).join(",") + "\n";
    });
    return out;
  }

`;

/// The fixed style sheet and script of the HTML report. They are constants so the page's
/// Content-Security-Policy can allow exactly this script by its SHA-256 and nothing else.
enum HTMLReportAssets {
    static let style = """
        :root{--good:#1a7f37;--good-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--none:#57606a;--none-bg:#eaeef2;--line:#d0d7de}
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#fff}
        header,main{padding:0 24px}
        header{border-bottom:1px solid var(--line);padding-top:12px;padding-bottom:8px}
        h1{font-size:22px;margin:0 0 4px}
        h2{font-size:17px;margin:24px 0 8px}
        h3{font-size:14px;margin:16px 0 6px}
        .meta{color:var(--none);margin:0}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
        .summary{display:flex;flex-wrap:wrap;gap:16px}
        .summary figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px 12px;width:300px}
        .summary figcaption{font-weight:600;margin-bottom:4px}
        .summary svg{display:block;width:100%;height:auto}
        .summary text{font-size:12px;fill:#1f2328}
        rect.t-good{fill:var(--good)} rect.t-bad{fill:var(--bad)} rect.t-warn{fill:#d4a72c} rect.t-none{fill:#8c959f}
        .b{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;white-space:nowrap;border:1px solid}
        .t-good.b{color:var(--good);background:var(--good-bg);border-color:#4ac26b}
        .t-bad.b{color:var(--bad);background:var(--bad-bg);border-color:#ff8182}
        .t-warn.b{color:var(--warn);background:var(--warn-bg);border-color:#d4a72c}
        .t-none.b{color:var(--none);background:var(--none-bg);border-color:#afb8c1}
        .controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
        .controls input{min-width:280px;padding:4px 8px}
        table{border-collapse:collapse}
        th,td{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid var(--line)}
        #models th{white-space:nowrap}
        #models th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}
        #models th button[aria-sort]::after{content:" \\2195";color:var(--none)}
        #models td.path{word-break:break-all;max-width:520px;color:var(--none)}
        #models tbody tr:hover{background:#f6f8fa}
        details.model{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px 12px}
        details.model:not([open]){content-visibility:auto;contain-intrinsic-size:auto 34px}
        details.model>summary{cursor:pointer;padding:4px 0}
        details.model>summary .name{font-weight:600;margin-right:8px}
        dl.identity{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
        dl.identity dt{color:var(--none)}
        dl.identity dd{margin:0;word-break:break-all}
        .ladder td.rung{font-weight:600;white-space:nowrap}
        .ladder .reached{color:var(--good)}
        .ladder .chip{display:inline-block;margin:1px 4px 1px 0}
        .digest{word-break:break-all}
        ol.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:2px solid var(--line)}
        ol.timeline li{position:relative;margin:0 0 6px;padding-left:8px}
        ol.timeline li::before{content:"";position:absolute;left:-21px;top:6px;width:10px;height:10px;border-radius:50%;background:var(--none)}
        ol.timeline li.t-good::before{background:var(--good)} ol.timeline li.t-bad::before{background:var(--bad)} ol.timeline li.t-warn::before{background:#d4a72c}
        ol.timeline time{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;margin-right:8px}
        .muted{color:var(--none)}
        """

    /// Filters and sorts the model table from the embedded index (`#report-data`), showing the first
    /// `rows_shown` matching rows of a large report until "show all" is pressed, opens a model's
    /// details when its link is followed (building them from `#details-data` in a large report), reads an initial filter from the URL fragment
    /// (`#q=llama&integrity=mismatch`), and records when the page finished loading (`data-load-ms`).
    static let script = """
        (function () {
          "use strict";
          var data = JSON.parse(document.getElementById("report-data").textContent);
          var rows = data.models;
          var body = document.getElementById("model-rows");
          var trs = [], details = [], text = [];
          for (var k = 0; k < rows.length; k++) {
            var r = rows[k];
            trs.push(document.getElementById("r-" + k));
            details.push(document.getElementById("m-" + k));
            text.push([r.name, r.integrity, r.safety, r.openness, r.signature, r.licence, r.mof, r.path].join(" ").toLowerCase());
          }
          var filter = document.getElementById("filter");
          var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-key]"));
          var shown = document.getElementById("shown"), showAll = document.getElementById("show-all");
          var order = rows.map(function (_, k) { return k; }), limit = data.rows_shown || rows.length;
          function apply() {
            var q = filter.value.trim().toLowerCase(), matching = 0, visible = 0;
            for (var n = 0; n < order.length; n++) {
              var k = order[n], ok = q === "" || text[k].indexOf(q) !== -1;
              for (var j = 0; ok && j < selects.length; j++) {
                var want = selects[j].value;
                if (want !== "" && rows[k][selects[j].getAttribute("data-key")] !== want) ok = false;
              }
              if (ok) matching++;
              var show = ok && visible < limit;
              if (show) visible++;
              trs[k].hidden = !show;
              if (details[k]) details[k].hidden = !ok;
            }
            shown.textContent = visible + " of " + rows.length + " shown" + (visible < matching ? ", " + matching + " match" : "");
            showAll.hidden = visible >= matching;
          }
          showAll.addEventListener("click", function () { limit = rows.length; apply(); });
          var sortKey = null, ascending = true;
          function sortBy(key) {
            ascending = sortKey === key ? !ascending : true;
            sortKey = key;
            order.sort(function (a, b) {
              var x = rows[a][key], y = rows[b][key], c;
              if (typeof x === "number" && typeof y === "number") c = x - y;
              else c = String(x).localeCompare(String(y));
              return (ascending ? c : -c) || a - b;
            });
            var fragment = document.createDocumentFragment();
            order.forEach(function (k) { fragment.appendChild(trs[k]); });
            body.appendChild(fragment);
            Array.prototype.forEach.call(document.querySelectorAll("#models th button"), function (b) {
              b.setAttribute("aria-sort", b.getAttribute("data-key") === key ? (ascending ? "ascending" : "descending") : "none");
            });
            apply();
          }
          document.getElementById("models").addEventListener("click", function (event) {
            var button = event.target.closest("th button");
            if (button) sortBy(button.getAttribute("data-key"));
          });
          var detailsText = document.getElementById("details-data"), detailsBodies = null;
          function fill(d) {
            if (!detailsText || d.hasAttribute("data-filled")) return;
            if (detailsBodies === null) detailsBodies = JSON.parse(detailsText.textContent);
            d.insertAdjacentHTML("beforeend", detailsBodies[Number(d.id.slice(2))]);
            d.setAttribute("data-filled", "");
          }
          document.getElementById("details").addEventListener("toggle", function (event) {
            if (event.target.open) fill(event.target);
          }, true);
          function openTarget() {
            var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            if (target && target.tagName === "DETAILS") { fill(target); target.open = true; }
          }
          window.addEventListener("hashchange", openTarget);
          filter.addEventListener("input", apply);
          selects.forEach(function (s) { s.addEventListener("change", apply); });
          if (location.hash.indexOf("=") !== -1) {
            location.hash.slice(1).split("&").forEach(function (pair) {
              var kv = pair.split("="), key = decodeURIComponent(kv[0]), value = decodeURIComponent(kv[1] || "");
              if (key === "q") filter.value = value;
              selects.forEach(function (s) { if (s.getAttribute("data-key") === key) s.value = value; });
            });
          } else {
            openTarget();
          }
          apply();
          window.addEventListener("load", function () {
            void document.body.offsetHeight;
            document.documentElement.setAttribute("data-load-ms", String(Math.round(performance.now())));
          });
        })();
        """

    /// The page's policy: nothing may load, styles are inline, the one script runs by its hash.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src '\(HTML.cspHash(of: script))'; base-uri 'none'; form-action 'none'"
}

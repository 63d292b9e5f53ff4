extension HTMLReport {
    /// Inline, so the page is one file that opens anywhere, offline: system fonts only.
    static let style = """
        :root{--fail:#c62828;--error:#8e24aa;--pass:#2e7d32;--skip:#9e7700;--line:#d9dce1;--muted:#5f6670;--bg:#f6f7f9}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1f24;background:var(--bg)}
        header{background:#fff;border-bottom:1px solid var(--line);padding:12px 20px}
        h1{font-size:20px;margin:0 0 4px}
        h2{display:inline;font-size:15px;margin:0}
        h3{font-size:13px;margin:10px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        main{padding:12px 20px}
        .meta,.muted{color:var(--muted)}
        .meta{margin:0 0 8px}
        .interrupted{color:var(--error);font-weight:600}
        .count{display:inline-block;margin-left:6px;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;background:#eef0f3}
        .count.fail{color:var(--fail)}.count.error{color:var(--error)}.count.pass{color:var(--pass)}.count.skip{color:var(--skip)}
        .badge{display:inline-block;min-width:44px;text-align:center;padding:0 6px;border-radius:3px;font:600 12px/18px ui-monospace,"DejaVu Sans Mono",monospace;color:#fff;background:var(--muted)}
        .badge.fail{background:var(--fail)}.badge.error{background:var(--error)}.badge.pass{background:var(--pass)}.badge.skip{background:var(--skip)}
        .controls{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0}
        .controls button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
        .controls button[aria-pressed=true]{background:#1b1f24;color:#fff}
        .controls input{font:inherit;padding:2px 6px;width:22em}
        .toc{margin:6px 0 0;padding-left:22px;columns:2 420px}
        .toc li{break-inside:avoid}
        .toc a{color:inherit;text-decoration:none}.toc a:hover{text-decoration:underline}
        .scenario{background:#fff;border:1px solid var(--line);border-left:5px solid var(--muted);border-radius:4px;margin:0 0 12px}
        .scenario.fail{border-left-color:var(--fail)}.scenario.error{border-left-color:var(--error)}
        .scenario.pass{border-left-color:var(--pass)}.scenario.skip{border-left-color:var(--skip)}
        .scenario>details>summary{padding:8px 12px;cursor:pointer}
        .path{font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted);margin-left:6px}
        .body{padding:4px 12px 12px;display:grid;grid-template-columns:minmax(0,1fr);gap:16px}
        .body.split{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
        @media (max-width:900px){.body.split{grid-template-columns:minmax(0,1fr)}}
        .axis{position:relative;height:16px;margin-left:13em;border-bottom:1px solid var(--line);font-size:11px;color:var(--muted)}
        .axis span{position:absolute;top:0;transform:translateX(-50%);white-space:nowrap}
        .axis span.first{transform:none}.axis span.end{transform:translateX(-100%)}
        .lane{border-top:1px solid var(--line);padding:6px 0}
        .lane.failed .lane-head{color:var(--fail)}
        .lane-head{margin-bottom:4px}
        .ln{font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted)}
        .gantt{display:grid;grid-template-columns:13em minmax(0,1fr);row-gap:2px}
        .gl{font:11px/14px ui-monospace,"DejaVu Sans Mono",monospace;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:6px}
        .gt{position:relative;height:14px;background:#f3f4f6}
        .gt .span{position:absolute;top:5px;height:4px;min-width:2px;background:#90a4ae;border-radius:2px}
        .m{position:absolute;top:2px;height:10px;min-width:3px;border-radius:2px;background:#1e88e5}
        .m.rc-noerror{background:#2e7d32}.m.rc-nodata{background:#7cb342}.m.rc-nxdomain{background:#ef6c00}.m.rc-other{background:#c62828}
        .m.noreply{background:repeating-linear-gradient(135deg,#9e9e9e 0 3px,#e0e0e0 3px 6px);border:1px solid #757575}
        .m.unreachable{background:#6d4c41}
        .m.retry{outline:1px solid #1b1f24}
        .m:hover{outline:2px solid #000;z-index:1}
        .queries{margin:6px 0 0;padding:0 0 0 4px;list-style:none;max-height:22em;overflow:auto;font:12px/18px ui-monospace,"DejaVu Sans Mono",monospace}
        .q{white-space:nowrap;border-left:3px solid transparent;padding-left:6px}
        .q.rc-noerror{border-left-color:#2e7d32}.q.rc-nodata{border-left-color:#7cb342}.q.rc-nxdomain{border-left-color:#ef6c00}
        .q.rc-other{border-left-color:#c62828}.q.noreply{border-left-color:#9e9e9e;background:#f3f3f3}.q.unreachable{border-left-color:#6d4c41}
        .q:target{background:#fff59d}
        .q .at{display:inline-block;min-width:6.5em;text-align:right;color:var(--muted)}
        .q .srv{color:#37474f}
        .q.noreply .rep{color:#616161;font-style:italic}
        .q.rc-nxdomain .rep{color:#e65100}.q.rc-other .rep{color:#c62828}
        .tag{background:#fff3e0;color:#bf360c;border-radius:3px;padding:0 4px}
        .note{margin:4px 0;font-size:12px}
        .verdict{border-left:1px solid var(--line);padding-left:14px;min-width:0}
        .mismatches{margin:0;padding-left:18px;color:var(--fail)}
        .mismatches li{margin-bottom:4px;overflow-wrap:anywhere}
        .diff{font:12px/18px ui-monospace,"DejaVu Sans Mono",monospace;border:1px solid var(--line);border-radius:4px;padding:4px 0}
        .dh,.dl{display:block;white-space:pre-wrap;overflow-wrap:anywhere;padding:0 8px 0 2.2em;text-indent:-1.4em;color:inherit;text-decoration:none}
        .dh{color:var(--muted)}
        .tk{white-space:pre}
        .dl.missing{background:#ffebee;color:#b71c1c}
        .dl.unexpected{background:#e8f5e9;color:#1b5e20}
        a.dl:hover{text-decoration:underline}
        .reason{white-space:pre-wrap;overflow-wrap:anywhere;font:12px/18px ui-monospace,"DejaVu Sans Mono",monospace;background:#f3e5f5;padding:6px 8px;border-radius:4px;margin:0}
        .output pre{font:12px/16px ui-monospace,"DejaVu Sans Mono",monospace;background:#f5f5f5;padding:6px;margin:4px 0;overflow:auto;max-height:20em}
        ul.plain{margin:0;padding-left:18px;font:12px ui-monospace,"DejaVu Sans Mono",monospace}
        [hidden]{display:none!important}
        """

    /// Filtering and navigation; reads the page only. Sets `data-ready` on `<html>` when done.
    static let script = """
        (function () {
          "use strict";
          var root = document.documentElement;
          var rows = Array.prototype.slice.call(document.querySelectorAll("[data-query]"));
          var total = document.getElementById("query-total");
          if (total) { total.textContent = String(rows.length); }
          root.setAttribute("data-queries-counted", String(rows.length));
          var sections = Array.prototype.slice.call(document.querySelectorAll("section.scenario"));
          var toc = Array.prototype.slice.call(document.querySelectorAll(".toc li"));
          function show(which) {
            sections.concat(toc).forEach(function (element) {
              var outcome = element.getAttribute("data-outcome");
              element.hidden = which === "problems" && (outcome === "pass" || outcome === "skip");
            });
            document.querySelectorAll("button[data-show]").forEach(function (button) {
              button.setAttribute("aria-pressed", String(button.getAttribute("data-show") === which));
            });
          }
          document.querySelectorAll("button[data-show]").forEach(function (button) {
            button.addEventListener("click", function () { show(button.getAttribute("data-show")); });
          });
          document.querySelectorAll("button[data-open]").forEach(function (button) {
            button.addEventListener("click", function () {
              var open = button.getAttribute("data-open") === "all";
              document.querySelectorAll("section.scenario > details").forEach(function (d) { d.open = open; });
            });
          });
          var filter = document.getElementById("query-filter");
          var timer = null;
          function applyFilter() {
            var needle = filter.value.trim().toLowerCase();
            rows.forEach(function (row) {
              row.hidden = needle !== "" && row.getAttribute("data-query").toLowerCase().indexOf(needle) < 0;
            });
          }
          if (filter) {
            filter.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilter, 150); });
          }
          function reveal() {
            var id = decodeURIComponent(location.hash.slice(1));
            var target = id && document.getElementById(id);
            if (!target) { return; }
            for (var node = target; node; node = node.parentElement) {
              if (node.tagName === "DETAILS") { node.open = true; }
              if (node.hidden) { node.hidden = false; }
            }
            target.scrollIntoView({ block: "center" });
          }
          window.addEventListener("hashchange", reveal);
          reveal();
          root.setAttribute("data-ready", "yes");
        })();
        """
}

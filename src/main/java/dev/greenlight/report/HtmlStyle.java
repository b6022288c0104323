package dev.greenlight.report;

/** The HTML report's stylesheet, inlined into the page (no request leaves the file). */
final class HtmlStyle {

    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
            section,footer{margin:16px 24px;padding:12px 16px;background:#fff;border:1px solid #d0d7de;border-radius:6px}
            h1{margin:0;font-size:32px}h2{margin:4px 0 10px;font-size:18px}h3{margin:8px 0;font-size:15px}
            .banner{padding:18px 24px;color:#fff}.banner p{margin:4px 0}.banner ul{margin:6px 0}
            .go{background:#1a7f37}.nogo{background:#cf222e}.warn{background:#9a6700}
            .root-cause{border-left:4px solid #cf222e;padding:4px 12px;margin:10px 0;background:#fff5f5}
            .tag{font-size:12px;font-weight:normal;background:#eaeef2;border-radius:10px;padding:1px 8px}
            .prio{background:#cf222e;color:#fff}.impact{font-weight:600}
            .dim{color:#57606a}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
            table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
            tr.fail td,tr.error td{background:#fff5f5}tr.skipped td,tr.blocked td{color:#57606a}
            .bar{height:8px;background:#ffd8d3;border-radius:4px;overflow:hidden;max-width:640px}.bar div{height:8px;background:#2da44e}
            .st{font-size:12px;padding:1px 6px;border-radius:4px;background:#eaeef2}.st.passed{background:#dafbe1}.st.failed,.st.aborted{background:#ffebe9}
            .timeline{display:flex;align-items:center;gap:10px;margin:2px 0}.svc{width:160px;font-weight:600;overflow:hidden;text-overflow:ellipsis}
            .state{color:#57606a}svg .axis{stroke:#d0d7de;stroke-width:2}svg .ready{stroke:#1a7f37;stroke-width:2;stroke-dasharray:3 2}
            svg .ok{fill:#2da44e}svg .bad{fill:#cf222e}
            details summary{cursor:pointer}dl{margin:4px 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}dt{color:#57606a}dd{margin:0}
            pre{white-space:pre-wrap;word-break:break-all;margin:0;max-height:240px;overflow:auto;background:#f6f8fa;padding:4px}
            """;

    private HtmlStyle() {
    }
}

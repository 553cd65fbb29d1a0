import Results
import Foundation

/// An inline SVG line chart (no script, no network): series over a shared x axis in seconds,
/// shaded phase bands and labelled vertical markers. Every label is escaped.
struct SVGLineChart {
    struct Series {
        var name: String
        var x: [Double]
        var y: [Double]
        var color: String
    }
    struct Band {
        var start: Double
        var end: Double
        var label: String
    }
    struct Mark {
        var x: Double
        var label: String
    }

    var title: String
    var series: [Series]
    var bands: [Band] = []
    var marks: [Mark] = []
    var yFormat: (Double) -> String
    var width = 900.0
    var height = 320.0

    static let minimumLabelWidth = 48.0

    func render() -> String {
        let left = 80.0, right = 20.0, top = 30.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let xs = series.flatMap(\.x) + bands.flatMap { [$0.start, $0.end] } + marks.map(\.x)
        let ys = series.flatMap(\.y)
        guard let xMax = xs.max(), let yMaxRaw = ys.max() else {
            return "<p class=\"muted\">\(Markup.escape(title)): no samples were recorded.</p>"
        }
        let xMin = min(0, xs.min() ?? 0)
        let yMax = yMaxRaw <= 0 ? 1 : yMaxRaw * 1.08
        let xSpan = max(xMax - xMin, 1e-9)
        func px(_ x: Double) -> Double { left + (x - xMin) / xSpan * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - y / yMax * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Markup.escape(title))\">"
        svg += "<text x=\"\(f(left))\" y=\"18\" class=\"title\">\(Markup.escape(title))</text>"
        for (index, band) in bands.enumerated() {
            let x0 = px(band.start), x1 = max(px(band.end), x0 + 1)
            svg += "<rect x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(x1 - x0))\" height=\"\(f(plotHeight))\" class=\"band\(index % 2)\"><title>\(Markup.escape(band.label))</title></rect>"
            // Narrow bands keep their name in the tooltip only; printed, they would overlap.
            if x1 - x0 >= Self.minimumLabelWidth {
                svg += "<text x=\"\(f(x0 + 2))\" y=\"\(f(top + plotHeight + 28))\" class=\"band-label\">\(Markup.escape(band.label))</text>"
            }
        }
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            let y = py(value)
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" class=\"axis\" text-anchor=\"end\">\(Markup.escape(yFormat(value)))</text>"
        }
        svg += "<text x=\"\(f(left + plotWidth))\" y=\"\(f(top + plotHeight + 14))\" class=\"axis\" text-anchor=\"end\">\(f(xMax)) s</text>"
        svg += "<text x=\"\(f(left))\" y=\"\(f(top + plotHeight + 14))\" class=\"axis\">\(f(xMin)) s</text>"
        for line in series where !line.x.isEmpty {
            let thinned = Self.thin(line, columns: Int(plotWidth), xMin: xMin, xSpan: xSpan)
            let points = zip(thinned.x, thinned.y).map { "\(f(px($0))),\(f(py($1)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\"><title>\(Markup.escape(line.name))</title></polyline>"
        }
        for (index, mark) in marks.enumerated() {
            let x = px(mark.x)
            // Marks often come in quick succession (snapshot, expel, snapshot): stagger their labels.
            let labelY = top + 12 + Double(index % 3) * 13
            svg += "<line x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" class=\"mark\"><title>\(Markup.escape(mark.label))</title></line>"
            // Near the right edge the label goes to the left of its line so it stays inside the chart.
            let anchor = x > width - right - 120 ? "end" : "start"
            let labelX = anchor == "end" ? x - 3 : x + 3
            svg += "<text x=\"\(f(labelX))\" y=\"\(f(labelY))\" class=\"mark-label\" text-anchor=\"\(anchor)\">\(Markup.escape(mark.label))</text>"
        }
        svg += "</svg>"
        let legend = series.map {
            "<span class=\"legend\"><span class=\"swatch\" style=\"background:\($0.color)\"></span>\(Markup.escape($0.name))</span>"
        }.joined(separator: " ")
        return "<figure>\(svg)<figcaption>\(legend)</figcaption>\(dataTable())</figure>"
    }

    /// Keeps, per pixel column, the first, minimum, maximum and last sample, so a long series
    /// draws in bounded size without losing its peaks.
    static func thin(_ series: Series, columns: Int, xMin: Double, xSpan: Double) -> Series {
        guard series.x.count > 2 * columns, columns > 0 else { return series }
        var kept: [Int] = []
        var start = 0
        while start < series.x.count {
            let column = Int((series.x[start] - xMin) / xSpan * Double(columns))
            var end = start
            while end + 1 < series.x.count, Int((series.x[end + 1] - xMin) / xSpan * Double(columns)) == column { end += 1 }
            let range = start...end
            let low = range.min { series.y[$0] < series.y[$1] }!, high = range.max { series.y[$0] < series.y[$1] }!
            kept += Set([start, low, high, end]).sorted()
            start = end + 1
        }
        return Series(name: series.name, x: kept.map { series.x[$0] }, y: kept.map { series.y[$0] }, color: series.color)
    }

    /// The chart's data as a table (for screen readers and copying), at most ~50 rows.
    func dataTable() -> String {
        guard let longest = series.max(by: { $0.x.count < $1.x.count }), !longest.x.isEmpty else { return "" }
        let stride = Swift.max(1, longest.x.count / 50)
        var html = "<details><summary>Data table</summary><table class=\"metrics\"><thead><tr><th>t (s)</th>"
        html += series.map { "<th>\(Markup.escape($0.name))</th>" }.joined() + "</tr></thead><tbody>"
        for index in Swift.stride(from: 0, to: longest.x.count, by: stride) {
            html += "<tr><td class=\"num\">\(String(format: "%.2f", longest.x[index]))</td>"
            html += series.map { line in
                index < line.y.count ? "<td class=\"num\">\(Markup.escape(yFormat(line.y[index])))</td>" : "<td></td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table></details>"
    }
}

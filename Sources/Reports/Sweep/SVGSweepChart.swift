import Foundation
import Results

/// An inline SVG chart of medians against one swept parameter: the parameter's values evenly
/// spaced along x in their order (numeric values sorted by size), one polyline per series,
/// dashed for a base commit's. No script, no network; every label escaped.
struct SVGSweepChart {
    struct Series {
        var name: String
        /// The median at each x position; nil where the point has no figure.
        var y: [Double?]
        var color: String
        var dashed: Bool
    }

    var title: String
    var xLabel: String
    var xValues: [String]
    var yLabel: String
    var series: [Series]
    var yFormat: (Double) -> String
    var width = 900.0
    var height = 340.0

    func render() -> String {
        let left = 90.0, right = 20.0, top = 30.0, bottom = 58.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let ys = series.flatMap { $0.y.compactMap { $0 } }
        guard let yMaxRaw = ys.max(), !xValues.isEmpty else {
            return "<p class=\"muted\">\(Markup.escape(title)): no point reported it.</p>"
        }
        let yMin = min(0, ys.min() ?? 0)
        let yMax = yMaxRaw <= yMin ? yMin + 1 : yMaxRaw + (yMaxRaw - yMin) * 0.08
        func px(_ index: Int) -> Double { xValues.count == 1 ? left + plotWidth / 2 : left + Double(index) / Double(xValues.count - 1) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - yMin) / (yMax - yMin) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Markup.escape(title))\">"
        svg += "<text x=\"\(f(left))\" y=\"18\" class=\"title\">\(Markup.escape(title))</text>"
        for step in 0...4 {
            let value = yMin + (yMax - yMin) * Double(step) / 4
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(py(value)))\" y2=\"\(f(py(value)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(value) + 4))\" class=\"axis\" text-anchor=\"end\">\(Markup.escape(yFormat(value)))</text>"
        }
        for (index, value) in xValues.enumerated() {
            svg += "<text x=\"\(f(px(index)))\" y=\"\(f(top + plotHeight + 16))\" class=\"axis\" text-anchor=\"middle\">\(Markup.escape(value))</text>"
        }
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" class=\"axis-title\" text-anchor=\"middle\">\(Markup.escape(xLabel))</text>"
        svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" class=\"axis-title\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">\(Markup.escape(yLabel))</text>"
        for line in series {
            let points = line.y.enumerated().compactMap { index, y in y.map { "\(f(px(index))),\(f(py($0)))" } }
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\"\(dash)>"
            svg += "<title>\(Markup.escape(line.name))</title></polyline>"
            for (index, y) in line.y.enumerated() {
                guard let y else { continue }
                svg += "<circle cx=\"\(f(px(index)))\" cy=\"\(f(py(y)))\" r=\"3\" fill=\"\(line.color)\">"
                svg += "<title>\(Markup.escape("\(line.name) at \(xValues[index]): \(yFormat(y))"))</title></circle>"
            }
        }
        svg += "</svg>"
        let legend = series.map { line in
            "<span class=\"legend\"><span class=\"swatch\" style=\"background:\(line.color)\"></span>\(Markup.escape(line.name))\(line.dashed ? " (dashed)" : "")</span>"
        }.joined(separator: " ")
        return "<figure>\(svg)<figcaption>\(legend)</figcaption>\(dataTable())</figure>"
    }

    /// The chart's figures as a table (for screen readers and copying).
    func dataTable() -> String {
        var html = "<details><summary>Data table</summary><table class=\"metrics\"><thead><tr><th>\(Markup.escape(xLabel))</th>"
        html += series.map { "<th>\(Markup.escape($0.name))</th>" }.joined() + "</tr></thead><tbody>"
        for (index, value) in xValues.enumerated() {
            html += "<tr><td>\(Markup.escape(value))</td>"
            html += series.map { line in line.y[index].map { "<td class=\"num\">\(Markup.escape(yFormat($0)))</td>" } ?? "<td></td>" }.joined()
            html += "</tr>"
        }
        return html + "</tbody></table></details>"
    }
}

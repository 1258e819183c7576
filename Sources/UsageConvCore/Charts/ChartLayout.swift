/// Where one panel of a chart is drawn: the plot rectangle and the scales to pixels.
///
/// Public so tests can find the pixel row of a known value in a rendered PNG.
public struct ChartLayout: Sendable, Hashable {
    /// Space left of the plot for the value labels.
    public static let marginLeft = 78.0
    /// Space right of the plot.
    public static let marginRight = 30.0
    /// The panel title's band above the plot.
    public static let titleHeight = 30.0
    /// The time labels' band below the plot.
    public static let axisHeight = 26.0
    /// One legend row.
    public static let legendRow = 18.0

    /// The plot rectangle's left edge (x).
    public var plotLeft: Double
    /// The plot rectangle's top edge (y).
    public var plotTop: Double
    /// Its width in pixels: one decimation column per pixel.
    public var plotWidth: Double
    /// Its height in pixels.
    public var plotHeight: Double
    /// The instant at the left edge.
    public var timeStart: Int64
    /// The instant at the right edge.
    public var timeEnd: Int64
    /// The value (display units) at the bottom edge.
    public var valueLow: Double
    /// The value (display units) at the top edge.
    public var valueHigh: Double

    /// The number of pixel columns points are decimated into.
    public var columns: Int { Swift.max(1, Int(plotWidth)) }

    /// The pixel column of instant `t` (clamped to the plot).
    public func column(_ t: Int64) -> Int {
        let span = Double(Swift.max(timeEnd - timeStart, 1))
        let c = Int((Double(t - timeStart) / span * plotWidth).rounded(.down))
        return Swift.min(Swift.max(c, 0), columns - 1)
    }

    /// The x coordinate of instant `t`.
    public func x(_ t: Int64) -> Double {
        let span = Double(Swift.max(timeEnd - timeStart, 1))
        return plotLeft + Double(t - timeStart) / span * plotWidth
    }

    /// The x coordinate of a column's centre.
    public func x(column: Int) -> Double { plotLeft + Double(column) + 0.5 }

    /// The y coordinate of `value` (display units).
    public func y(_ value: Double) -> Double {
        let range = valueHigh - valueLow
        guard range > 0 else { return plotTop + plotHeight }
        return plotTop + plotHeight - (value - valueLow) / range * plotHeight
    }
}

using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ChainTrader.Application.Telemetry;

/// <summary>
/// Aggregates this host's ChainTrader instruments with a <see cref="MeterListener"/> and renders them in the Prometheus
/// text exposition format 0.0.4: <c># HELP</c> and <c># TYPE</c> per metric, counters as running sums, gauges as the
/// latest observation, histograms as cumulative <c>_bucket{le="..."}</c> series ending in <c>le="+Inf"</c> plus
/// <c>_sum</c> and <c>_count</c>. Observable instruments are observed at each scrape. Instrument and tag names are
/// mapped to Prometheus names (characters outside <c>[a-zA-Z0-9_:]</c> become <c>_</c>), label values escaped.
/// Listens to the static <see cref="ChainTraderTelemetry.Meter"/> and to meters of the same name created through this
/// host's <see cref="IMeterFactory"/>, not to other hosts' in the same process.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>Used for histograms that give no bucket advice (OpenTelemetry's default explicit boundaries).</summary>
    private static readonly double[] DefaultBoundaries = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener;
    private readonly Lock _instrumentsLock = new();
    private readonly Lock _scrapeLock = new();
    private readonly Dictionary<Instrument, InstrumentState> _instruments = [];

    /// <param name="hostMetrics">Taken so this host's state gauges exist before the first scrape.</param>
    public PrometheusMetricsCollector(IMeterFactory meterFactory, HostMetrics hostMetrics)
    {
        ArgumentNullException.ThrowIfNull(hostMetrics);
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (!IsOurs(instrument)) return;
                var state = new InstrumentState(instrument);
                lock (_instrumentsLock) _instruments[instrument] = state;
                listener.EnableMeasurementEvents(instrument, state);
            },
            MeasurementsCompleted = (instrument, _) =>
            {
                lock (_instrumentsLock) _instruments.Remove(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => Record(s, (double)v, t));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every metric.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            InstrumentState[] states;
            lock (_instrumentsLock) states = [.. _instruments.Values];
            foreach (var state in states.Where(s => s.Instrument.IsObservable)) state.Clear();
            _listener.RecordObservableInstruments();

            var text = new StringBuilder();
            foreach (var state in states.OrderBy(s => s.Name, StringComparer.Ordinal)) state.WriteTo(text);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private bool IsOurs(Instrument instrument) =>
        instrument.Meter.Name == ChainTraderTelemetry.Name && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, _meterFactory));

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => ((InstrumentState)state!).Record(value, tags);

    /// <summary>Prometheus metric and label names: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (labels without ':').</summary>
    internal static string PrometheusName(string name, bool label = false)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (c == ':' && !label) ? c : '_');
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    internal static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private enum MetricType { Counter, Gauge, Histogram }

    /// <summary>One instrument's series, keyed by their rendered label set.</summary>
    private sealed class InstrumentState
    {
        private readonly Lock _lock = new();
        private readonly MetricType _type;
        private readonly bool _replaces;
        private readonly double[] _boundaries;
        private readonly SortedDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public InstrumentState(Instrument instrument)
        {
            Instrument = instrument;
            Name = PrometheusName(instrument.Name);
            var kind = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            (_type, _replaces) = kind switch
            {
                _ when kind == typeof(Counter<>) => (MetricType.Counter, false),
                _ when kind == typeof(ObservableCounter<>) => (MetricType.Counter, true),
                _ when kind == typeof(Histogram<>) => (MetricType.Histogram, false),
                _ when kind == typeof(UpDownCounter<>) => (MetricType.Gauge, false),
                _ => (MetricType.Gauge, true), // ObservableGauge, ObservableUpDownCounter, Gauge: the latest value is the state
            };
            _boundaries = HistogramBoundaries(instrument) ?? DefaultBoundaries;
        }

        public Instrument Instrument { get; }
        public string Name { get; }

        public void Clear()
        {
            lock (_lock) _series.Clear();
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            lock (_lock)
            {
                if (!_series.TryGetValue(labels, out var series))
                    _series[labels] = series = new Series(_type == MetricType.Histogram ? new long[_boundaries.Length + 1] : null);
                switch (_type)
                {
                    case MetricType.Histogram:
                        var bucket = 0;
                        while (bucket < _boundaries.Length && value > _boundaries[bucket]) bucket++;
                        series.Buckets![bucket]++;
                        series.Sum += value;
                        series.Count++;
                        break;
                    default:
                        series.Value = _replaces ? value : series.Value + value;
                        break;
                }
            }
        }

        public void WriteTo(StringBuilder text)
        {
            lock (_lock)
            {
                if (!string.IsNullOrEmpty(Instrument.Description))
                    text.Append("# HELP ").Append(Name).Append(' ').Append(Instrument.Description.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
                text.Append("# TYPE ").Append(Name).Append(' ').Append(_type switch
                {
                    MetricType.Counter => "counter",
                    MetricType.Histogram => "histogram",
                    _ => "gauge",
                }).Append('\n');

                // A counter or histogram nobody has recorded into yet truly stands at zero; a gauge without observations has no value.
                var series = _series.Count == 0 && _type != MetricType.Gauge
                    ? new SortedDictionary<string, Series>(StringComparer.Ordinal) { [""] = new(_type == MetricType.Histogram ? new long[_boundaries.Length + 1] : null) }
                    : _series;
                foreach (var (labels, values) in series)
                {
                    if (_type == MetricType.Histogram) WriteHistogram(text, labels, values);
                    else Sample(text, Name, labels, FormatValue(values.Value));
                }
            }
        }

        private void WriteHistogram(StringBuilder text, string labels, Series values)
        {
            var separator = labels.Length == 0 ? "" : ",";
            long cumulative = 0;
            for (var i = 0; i < _boundaries.Length; i++)
            {
                cumulative += values.Buckets![i];
                Sample(text, Name + "_bucket", $"{labels}{separator}le=\"{FormatValue(_boundaries[i])}\"", cumulative.ToString(CultureInfo.InvariantCulture));
            }
            Sample(text, Name + "_bucket", $"{labels}{separator}le=\"+Inf\"", values.Count.ToString(CultureInfo.InvariantCulture));
            Sample(text, Name + "_sum", labels, FormatValue(values.Sum));
            Sample(text, Name + "_count", labels, values.Count.ToString(CultureInfo.InvariantCulture));
        }

        private static void Sample(StringBuilder text, string name, string labels, string value)
        {
            text.Append(name);
            if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
            text.Append(' ').Append(value).Append('\n');
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0) return "";
            var pairs = new List<(string Name, string Value)>(tags.Length);
            foreach (var tag in tags)
            {
                var value = tag.Value switch
                {
                    null => "",
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    var other => other.ToString() ?? "",
                };
                pairs.Add((PrometheusName(tag.Key, label: true), value));
            }
            pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return string.Join(',', pairs.Select(p => $"{p.Name}=\"{p.Value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\""));
        }

        private static double[]? HistogramBoundaries(Instrument instrument) => instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
    }

    private sealed class Series(long[]? buckets)
    {
        public double Value { get; set; }
        public long[]? Buckets { get; } = buckets;
        public double Sum { get; set; }
        public long Count { get; set; }
    }
}

using System.Collections.Concurrent;
using System.Text;

namespace Syncer.Observability;

/// <summary>
/// One named metric (counter or gauge) with a fixed set of label names and one series per label-value
/// tuple. Series are kept until explicitly removed, so an idle job's gauges stay visible (the Go syncer's
/// 60 s expiry hid them).
/// </summary>
public sealed class MetricFamily(string name, string type, string help, params string[] labelNames)
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    /// <summary>The metric name.</summary>
    public string Name { get; } = name;

    /// <summary>Adds <paramref name="delta"/> to the series named by <paramref name="labelValues"/>.</summary>
    public void Add(double delta, params string[] labelValues) => GetSeries(labelValues).Add(delta);

    /// <summary>Sets the series named by <paramref name="labelValues"/>.</summary>
    public void Set(double value, params string[] labelValues) => GetSeries(labelValues).Set(value);

    /// <summary>Reads a series' current value, or null when it does not exist.</summary>
    public double? Get(params string[] labelValues) =>
        _series.TryGetValue(Key(labelValues), out var s) ? s.Value : null;

    /// <summary>Drops every series whose label <paramref name="labelName"/> equals <paramref name="value"/>.</summary>
    public void RemoveWhere(string labelName, string value)
    {
        var index = Array.IndexOf(labelNames, labelName);
        if (index < 0) return;
        foreach (var (key, series) in _series)
        {
            if (series.LabelValues[index] == value) _series.TryRemove(key, out _);
        }
    }

    /// <summary>Appends the HELP/TYPE header and every series.</summary>
    public void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        foreach (var series in _series.Values.OrderBy(s => Key(s.LabelValues), StringComparer.Ordinal))
        {
            output.Append(Name);
            if (labelNames.Length > 0)
            {
                output.Append('{');
                for (var i = 0; i < labelNames.Length; i++)
                {
                    if (i > 0) output.Append(',');
                    output.Append(labelNames[i]).Append("=\"").Append(PrometheusText.EscapeLabelValue(series.LabelValues[i])).Append('"');
                }
                output.Append('}');
            }
            output.Append(' ').Append(PrometheusText.FormatValue(series.Value)).Append('\n');
        }
    }

    private Series GetSeries(string[] labelValues)
    {
        if (labelValues.Length != labelNames.Length)
            throw new ArgumentException($"metric {Name} takes {labelNames.Length} label values, got {labelValues.Length}");
        return _series.GetOrAdd(Key(labelValues), _ => new Series((string[])labelValues.Clone()));
    }

    // The unit separator cannot appear in job names that passed validation, so the key is unambiguous.
    private static string Key(string[] labelValues) => string.Join('\u001f', labelValues);

    private sealed class Series(string[] labelValues)
    {
        private readonly Lock _gate = new();
        private double _value;

        public string[] LabelValues { get; } = labelValues;

        public double Value
        {
            get { lock (_gate) return _value; }
        }

        public void Add(double delta)
        {
            lock (_gate) _value += delta;
        }

        public void Set(double value)
        {
            lock (_gate) _value = value;
        }
    }
}

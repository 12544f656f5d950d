namespace MiniDoris.Faults;

/// <summary>
/// The armed faults of one cluster. They live in memory only (a restart disarms them) and are consulted by the
/// Thrift and HTTP fronts, commitTxn and the backup/restore jobs. <c>times:N</c> and <c>skip:N</c> count matching
/// calls exactly, so a test that uses them is deterministic; <c>prob:P</c> is random by design.
/// </summary>
public sealed class FaultRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FaultRule> _rules = new(StringComparer.Ordinal);

    /// <summary>Calls served per Thrift method; kept here because every RPC already passes through this registry.</summary>
    public RpcCallCounter Calls { get; } = new();

    /// <summary>Arms (or with "off"/"" disarms) a fault; throws <see cref="FormatException"/> on a bad value.</summary>
    public void Set(string name, string value)
    {
        var trimmed = value.Trim();
        lock (_lock)
        {
            if (trimmed.Length == 0 || trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                _rules.Remove(name);
                return;
            }

            _rules[name] = FaultRule.Parse(trimmed);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The armed faults and their values.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Snapshot()
    {
        lock (_lock)
        {
            return _rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new KeyValuePair<string, string>(r.Key, r.Value.Text)).ToList();
        }
    }

    /// <summary>
    /// Consults a fault for one call: returns the rule when it fires (counting down times/skip), or null.
    /// </summary>
    public FaultRule? Trigger(string name)
    {
        lock (_lock)
        {
            if (!_rules.TryGetValue(name, out var rule))
            {
                return null;
            }

            if (rule.RemainingSkips > 0)
            {
                rule.RemainingSkips--;
                return null;
            }

            if (rule.Probability is { } p && Random.Shared.NextDouble() >= p)
            {
                return null;
            }

            if (rule.RemainingTimes is { } left)
            {
                if (left <= 1)
                {
                    _rules.Remove(name);
                }
                else
                {
                    rule.RemainingTimes = left - 1;
                }
            }

            return rule;
        }
    }

    /// <summary>The rule armed under a name, without counting a call (for holds).</summary>
    public FaultRule? Peek(string name)
    {
        lock (_lock)
        {
            return _rules.GetValueOrDefault(name);
        }
    }
}

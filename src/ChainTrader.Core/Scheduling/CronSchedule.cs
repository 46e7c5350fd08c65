using System.Globalization;

namespace ChainTrader.Core.Scheduling;

/// <summary>
/// The six-field NCRONTAB expression Azure Functions timer triggers use
/// ("{second} {minute} {hour} {day} {month} {day-of-week}"), so standalone mode fires timers on exactly
/// the schedule in each [TimerTrigger]. Supports *, lists, ranges and steps; evaluated in UTC.
/// </summary>
public sealed class CronSchedule
{
    private static readonly (string Name, int Min, int Max)[] Fields =
        [("second", 0, 59), ("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("day-of-week", 0, 6)];

    private readonly bool[][] _allowed;

    private CronSchedule(string expression, bool[][] allowed)
    {
        Expression = expression;
        _allowed = allowed;
    }

    public string Expression { get; }

    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
            throw new FormatException($"NCRONTAB \"{expression}\" has {parts.Length} fields; six are required: second minute hour day month day-of-week.");
        var allowed = new bool[6][];
        for (var i = 0; i < 6; i++)
            allowed[i] = ParseField(expression, parts[i], Fields[i]);
        return new CronSchedule(expression, allowed);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (to the whole second).</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        var t = after.ToUniversalTime();
        t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero).AddSeconds(1);
        // Four years covers every combination of day-of-month and weekday a valid expression can ask for.
        var limit = t.AddYears(4);
        while (t < limit)
        {
            if (!_allowed[4][t.Month]) { t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1); continue; }
            if (!_allowed[3][t.Day] || !_allowed[5][(int)t.DayOfWeek]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1); continue; }
            if (!_allowed[2][t.Hour]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1); continue; }
            if (!_allowed[1][t.Minute]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1); continue; }
            if (!_allowed[0][t.Second]) { t = t.AddSeconds(1); continue; }
            return t;
        }
        throw new InvalidOperationException($"NCRONTAB \"{Expression}\" never fires (for example 30 February).");
    }

    private static bool[] ParseField(string expression, string field, (string Name, int Min, int Max) spec)
    {
        var allowed = new bool[spec.Max + 1];
        foreach (var item in field.Split(','))
        {
            var (rangePart, step) = SplitStep(expression, item, spec.Name);
            int from, to;
            if (rangePart == "*") { from = spec.Min; to = spec.Max; }
            else if (rangePart.Contains('-'))
            {
                var bounds = rangePart.Split('-');
                if (bounds.Length != 2) throw Bad(expression, spec.Name, item);
                from = Number(expression, bounds[0], spec);
                to = Number(expression, bounds[1], spec);
                if (from > to) throw new FormatException($"NCRONTAB \"{expression}\": {spec.Name} range {item} runs backwards.");
            }
            else
            {
                from = Number(expression, rangePart, spec);
                to = step > 1 ? spec.Max : from;
            }
            for (var v = from; v <= to; v += step) allowed[v] = true;
        }
        return allowed;
    }

    private static (string Range, int Step) SplitStep(string expression, string item, string name)
    {
        var slash = item.IndexOf('/');
        if (slash < 0) return (item, 1);
        if (!int.TryParse(item.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
            throw Bad(expression, name, item);
        return (item[..slash], step);
    }

    private static int Number(string expression, string text, (string Name, int Min, int Max) spec)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Bad(expression, spec.Name, text);
        if (value < spec.Min || value > spec.Max)
            throw new FormatException($"NCRONTAB \"{expression}\": {spec.Name} value {value} is outside {spec.Min}-{spec.Max}.");
        return value;
    }

    private static FormatException Bad(string expression, string name, string item)
        => new($"NCRONTAB \"{expression}\": {name} field \"{item}\" is not a number, range, list or step.");
}

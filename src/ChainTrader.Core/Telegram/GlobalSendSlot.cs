using System.Globalization;

namespace ChainTrader.Core.Telegram;

/// <summary>
/// The global budget as evenly spaced slots: second s holds <c>perSecond</c> slots, slot i starting at
/// s + i/perSecond. Whoever inserts a slot's row first owns it and may send from its start, so every second carries at
/// most <c>perSecond</c> sends and they are spread over it rather than bunched at its start.
/// </summary>
public readonly record struct GlobalSendSlot(long Second, int Index)
{
    /// <summary>The slot that holds <paramref name="time"/>.</summary>
    public static GlobalSendSlot At(DateTimeOffset time, int perSecond)
    {
        RequirePerSecond(perSecond);
        var ms = time.ToUnixTimeMilliseconds();
        var second = Math.DivRem(ms, 1000, out var withinSecond);
        if (withinSecond < 0) { second--; withinSecond += 1000; }
        return new GlobalSendSlot(second, (int)(withinSecond * perSecond / 1000));
    }

    /// <summary>The next slot after this one.</summary>
    public GlobalSendSlot Next(int perSecond)
    {
        RequirePerSecond(perSecond);
        return Index + 1 < perSecond ? this with { Index = Index + 1 } : new GlobalSendSlot(Second + 1, 0);
    }

    /// <summary>When the slot opens: the first whole millisecond at or after s + i/perSecond.</summary>
    public DateTimeOffset Start(int perSecond)
    {
        RequirePerSecond(perSecond);
        var offset = (Index * 1000 + perSecond - 1) / perSecond;
        return DateTimeOffset.FromUnixTimeMilliseconds(Second * 1000 + offset);
    }

    /// <summary>Table keys: one partition per second (so expired seconds are found by key range), one row per slot.</summary>
    public string PartitionKey => PartitionKeyOf(Second);
    public string RowKey => Index.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Second numbers are zero-padded so that key order is time order.</summary>
    public static string PartitionKeyOf(long second) => "g" + second.ToString("D12", CultureInfo.InvariantCulture);

    public int CompareTo(GlobalSendSlot other) => (Second, Index).CompareTo((other.Second, other.Index));

    private static void RequirePerSecond(int perSecond)
    {
        if (perSecond is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "Sends per second must be 1-1000.");
    }
}

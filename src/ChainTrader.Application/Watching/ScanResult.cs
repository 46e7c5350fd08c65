namespace ChainTrader.Application.Watching;

/// <param name="Head">The chain head this scan saw.</param>
/// <param name="Notices">Notifications handed to the notifier by this scan.</param>
public sealed record ScanResult(string Chain, ScanOutcome Outcome, ulong Head, ulong? From = null, ulong? To = null, int Matched = 0, int Notices = 0)
{
    public int Blocks => Outcome == ScanOutcome.Scanned && From is { } from && To is { } to ? (int)(to - from + 1) : 0;
    public bool Behind => Outcome == ScanOutcome.Scanned && To < Head;
}

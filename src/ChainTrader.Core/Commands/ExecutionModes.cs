using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

public static class ExecutionModes
{
    /// <summary>The setting/command spelling: DRY_RUN, PAPER, LIVE.</summary>
    public static string ToSettingValue(this ExecutionMode mode) => mode switch
    {
        ExecutionMode.DryRun => "DRY_RUN",
        ExecutionMode.Paper => "PAPER",
        ExecutionMode.Live => "LIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown execution mode."),
    };

    /// <summary>Case-insensitive DRY_RUN, PAPER or LIVE.</summary>
    public static bool TryParse(string? text, out ExecutionMode mode)
    {
        mode = ExecutionMode.DryRun;
        switch (text?.ToUpperInvariant())
        {
            case "DRY_RUN": mode = ExecutionMode.DryRun; return true;
            case "PAPER": mode = ExecutionMode.Paper; return true;
            case "LIVE": mode = ExecutionMode.Live; return true;
            default: return false;
        }
    }
}

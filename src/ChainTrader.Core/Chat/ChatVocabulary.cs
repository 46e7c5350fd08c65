using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Chat;

/// <summary>
/// The one spelling of each word the bot uses for trade states (issue 16; modes are spelled by
/// <see cref="Commands.ExecutionModes.ToSettingValue"/> only: DRY_RUN, PAPER, LIVE); "Confirm" is the trader's press, "Filled" and "Final" are settlement; confirmations never read past their
/// target ("Included 3/3", not "4/3").
/// </summary>
public static class ChatVocabulary
{
    public const string ConfirmButton = "Confirm";
    public const string CancelButton = "Cancel";
    public const string RefreshButton = "Refresh";
    public const string ViewTransactionButton = "View tx";

    /// <summary>"Included n/N" with n capped at N: a block past the target adds nothing the trader needs to read.</summary>
    public static string Included(int confirmations, int required) =>
        $"Included {Math.Clamp(confirmations, 0, Math.Max(required, 0))}/{required}";

    /// <summary>The state's word as traders read it (/status, /history, the trade card).</summary>
    public static string State(TradeState state, int confirmations, int required, FillKind? fill) => state switch
    {
        TradeState.Requested => "Checking",
        TradeState.RiskChecked => "Quoted",
        TradeState.AwaitingConfirmation => "Awaiting Confirm",
        TradeState.Confirmed => "Confirmed",
        TradeState.Submitted => "Submitted",
        TradeState.Included => Included(confirmations, required),
        // A paper fill is final the moment it is booked; a chain fill once it is deep enough.
        TradeState.Final => fill == FillKind.Paper ? "Filled (paper)" : "Filled · Final",
        TradeState.Simulated => "Simulated (DRY_RUN, not sent)",
        _ => state.ToString(),
    };

    /// <summary>
    /// The progress line of a chain trade: Submitted → Included n/N → Filled, the reached steps in bold markers
    /// left to the caller. Returns the steps with the index of the current one.
    /// </summary>
    public static (IReadOnlyList<string> Steps, int Current) Progress(TradeState state, int confirmations, int required)
    {
        string[] steps = ["Submitted", Included(confirmations, required), "Filled"];
        var current = state switch
        {
            TradeState.Submitted => 0,
            TradeState.Included => 1,
            TradeState.Final => 2,
            _ => -1,
        };
        return (steps, current);
    }

    /// <summary>"Your last trade" for one, "Your last n trades" for more.</summary>
    public static string LastTrades(int count) => count == 1 ? "Your last trade" : $"Your last {count} trades";
}

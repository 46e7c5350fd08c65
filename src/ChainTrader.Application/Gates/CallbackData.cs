using System.Globalization;

namespace ChainTrader.Application.Gates;

/// <summary>
/// Callback data of the confirmation buttons: <c>live:{request update id}:{nonce}:{y|n}</c>. The nonce is 16 random
/// bytes kept server-side, so a button press can only name a confirmation its presser has actually been shown.
/// </summary>
public static class CallbackData
{
    public const string Prefix = "live:";

    public static string Format(long requestUpdateId, string nonce, bool confirm) =>
        $"{Prefix}{requestUpdateId.ToString(CultureInfo.InvariantCulture)}:{nonce}:{(confirm ? 'y' : 'n')}";

    public static bool TryParse(string? data, out long requestUpdateId, out string nonce, out bool confirm)
    {
        requestUpdateId = 0;
        nonce = "";
        confirm = false;
        if (data is null || !data.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = data[Prefix.Length..].Split(':');
        if (parts.Length != 3 || parts[2] is not ("y" or "n")) return false;
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out requestUpdateId)) return false;
        nonce = parts[1];
        confirm = parts[2] == "y";
        return nonce.Length > 0;
    }
}

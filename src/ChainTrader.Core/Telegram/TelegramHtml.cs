using System.Text;

namespace ChainTrader.Core.Telegram;

/// <summary>Telegram's HTML parse mode: every interpolated value must pass through <see cref="Escape"/>.</summary>
public static class TelegramHtml
{
    /// <summary>
    /// Escapes &amp;, &lt;, &gt; and " (the last matters inside attribute values such as href, and is harmless in text:
    /// Telegram decodes &amp;quot; everywhere), so a value can never open or close a tag or an entity.
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value.AsSpan().IndexOfAny("&<>\"") < 0) return value;
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }
}

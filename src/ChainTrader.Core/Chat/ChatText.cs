using System.Globalization;
using System.Text;

namespace ChainTrader.Core.Chat;

/// <summary>
/// Echoing what a person typed back safely (issue 16): shortening never cuts a character (surrogate pair or emoji
/// sequence) in half, and a letter that only looks Latin (Cyrillic Е in ЕТН) is named for what it is.
/// </summary>
public static class ChatText
{
    /// <summary>At most <paramref name="maxElements"/> user-perceived characters, "…" marking a cut.</summary>
    public static string Shorten(string text, int maxElements)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 2);
        var info = new StringInfo(text);
        return info.LengthInTextElements <= maxElements ? text : info.SubstringByTextElements(0, maxElements - 1) + "…";
    }

    /// <summary>
    /// The first character of <paramref name="text"/> that fails <paramref name="allowed"/>, as a whole character
    /// (never half a surrogate pair); null when every character passes.
    /// </summary>
    public static Rune? FirstNot(string text, Func<Rune, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rune in text.EnumerateRunes())
            if (!allowed(rune)) return rune;
        return null;
    }

    /// <summary>
    /// Names a character for an error message: 'é' (U+00E9); a look-alike of a Latin letter says so:
    /// "Cyrillic 'Е' (U+0415), which looks like Latin E".
    /// </summary>
    public static string Describe(Rune rune)
    {
        var code = $"U+{rune.Value:X4}";
        var shown = Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) ? "" : $"'{rune}' ";
        var script = Script(rune);
        if (script is not null && LookAlikes.TryGetValue(rune.Value, out var latin))
            return $"{script} {shown}({code}), which looks like Latin {latin}";
        return script is null ? $"{shown}({code})" : $"{script} {shown}({code})";
    }

    /// <summary>True when <paramref name="text"/> mixes in letters that look Latin but are not (the likely typo or spoof).</summary>
    public static bool HasLookAlike(string text) => text.EnumerateRunes().Any(r => Script(r) is not null && LookAlikes.ContainsKey(r.Value));

    private static string? Script(Rune rune) => rune.Value switch
    {
        >= 0x0370 and <= 0x03FF => "Greek",
        >= 0x0400 and <= 0x052F => "Cyrillic",
        >= 0xFF00 and <= 0xFFEF => "Full-width",
        _ => null,
    };

    // The letters of other scripts most often typed or pasted in place of Latin ones (the ones a symbol could be spoofed with).
    private static readonly Dictionary<int, char> LookAlikes = Build();

    private static Dictionary<int, char> Build()
    {
        var map = new Dictionary<int, char>();
        void Add(string lookAlikes, string latin)
        {
            for (var i = 0; i < lookAlikes.Length; i++) map[lookAlikes[i]] = latin[i];
        }
        // Cyrillic capitals and small letters.
        Add("АВЕКМНОРСТХІЈЅУ", "ABEKMHOPCTXIJSY");
        Add("аеорсхіјѕу", "aeopcxijsy");
        // Greek capitals and small letters.
        Add("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX");
        Add("οικνυ", "oikvu");
        // Full-width Latin letters and digits.
        for (var c = 'A'; c <= 'Z'; c++) map[0xFF21 + (c - 'A')] = c;
        for (var c = 'a'; c <= 'z'; c++) map[0xFF41 + (c - 'a')] = c;
        for (var c = '0'; c <= '9'; c++) map[0xFF10 + (c - '0')] = c;
        return map;
    }
}

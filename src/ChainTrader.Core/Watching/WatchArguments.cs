using System.Text.RegularExpressions;
using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>
/// Validates the watcher commands' arguments (plain text in, plain text errors out; the caller escapes for HTML).
/// Chains are named by the caller: <c>enabledChains</c> can be used, <c>knownChains</c> exist but are switched off here.
/// </summary>
public static partial class WatchArguments
{
    public const int MaxLabelLength = 32;

    public static ParsedArguments<WatchRequest> ParseWatch(IReadOnlyList<string> args, IReadOnlyList<string> enabledChains, IReadOnlyCollection<string> knownChains)
    {
        const string usage = "Usage: /watch ADDRESS [CHAIN] [LABEL], e.g. /watch 0x… ethereum savings";
        if (args.Count == 0) return ParsedArguments<WatchRequest>.Fail($"Which address? {usage}");
        var parsedAddress = ParseAddress(args[0]);
        if (parsedAddress.Value is not { Value: var address }) return ParsedArguments<WatchRequest>.Fail(parsedAddress.Error!);

        var chain = enabledChains[0];
        var rest = args.Skip(1).ToList();
        if (rest.Count > 0)
        {
            var chainError = CheckChain(rest[0], enabledChains, knownChains, out var named);
            if (named is not null) { chain = named; rest.RemoveAt(0); }
            else if (chainError is not null) return ParsedArguments<WatchRequest>.Fail(chainError);
            else if (rest.Count > 1 || NearestChain(rest[0], knownChains) is not null)
            {
                // Two words after the address must be CHAIN LABEL; one word close to a chain's name is more likely a typo than a label.
                var near = NearestChain(rest[0], knownChains);
                return ParsedArguments<WatchRequest>.Fail(
                    $"Unknown chain \"{rest[0]}\"{(near is null ? "" : $" (did you mean {near}?)")}; enabled: {string.Join(", ", enabledChains)}. " +
                    $"To use it as a label, name the chain first: /watch {args[0]} {enabledChains[0]} {string.Join(' ', rest)}");
            }
        }

        string? label = null;
        if (rest.Count > 0)
        {
            label = string.Join(' ', rest);
            if (CheckLabel(label) is { } labelError) return ParsedArguments<WatchRequest>.Fail(labelError);
        }
        return ParsedArguments<WatchRequest>.Ok(new WatchRequest(address, chain, label));
    }

    public static ParsedArguments<UnwatchRequest> ParseUnwatch(IReadOnlyList<string> args)
    {
        if (args.Count == 0) return ParsedArguments<UnwatchRequest>.Fail("Which one? Usage: /unwatch ADDRESS|LABEL (see /watches).");
        var text = string.Join(' ', args);
        if (LooksLikeAddress(text))
        {
            var parsed = ParseAddress(text);
            return parsed.Error is { } error ? ParsedArguments<UnwatchRequest>.Fail(error) : ParsedArguments<UnwatchRequest>.Ok(new UnwatchRequest(parsed.Value!.Value, null));
        }
        return CheckLabel(text) is { } labelError
            ? ParsedArguments<UnwatchRequest>.Fail(labelError)
            : ParsedArguments<UnwatchRequest>.Ok(new UnwatchRequest(null, text));
    }

    public static ParsedArguments<TxRequest> ParseTx(IReadOnlyList<string> args, IReadOnlyList<string> enabledChains, IReadOnlyCollection<string> knownChains)
    {
        if (args.Count is 0 or > 2) return ParsedArguments<TxRequest>.Fail("Usage: /tx HASH [CHAIN], e.g. /tx 0x5c50…9e1f base");
        var hash = args[0];
        if (!TxHashPattern().IsMatch(hash))
            return ParsedArguments<TxRequest>.Fail(
                $"\"{Shorten(hash)}\" is not a transaction hash: expected 0x followed by 64 hex digits (got {(hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hash.Length - 2 : hash.Length)} characters{(hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? " after 0x" : ", no 0x prefix")}).");
        var chain = enabledChains[0];
        if (args.Count == 2)
        {
            var error = CheckChain(args[1], enabledChains, knownChains, out var named);
            if (named is null)
            {
                var near = NearestChain(args[1], knownChains);
                return ParsedArguments<TxRequest>.Fail(error ?? $"Unknown chain \"{args[1]}\"{(near is null ? "" : $" (did you mean {near}?)")}; enabled: {string.Join(", ", enabledChains)}.");
            }
            chain = named;
        }
        return ParsedArguments<TxRequest>.Ok(new TxRequest(hash.ToLowerInvariant(), chain));
    }

    /// <summary>An EIP-55 address; mixed case must carry a valid checksum.</summary>
    public static ParsedArguments<AddressBox> ParseAddress(string text)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ParsedArguments<AddressBox>.Fail($"\"{Shorten(text)}\" is not an address: an address starts with 0x followed by 40 hex digits.");
        return Address.TryParse(text, out var address)
            ? ParsedArguments<AddressBox>.Ok(new AddressBox(address))
            : ParsedArguments<AddressBox>.Fail(AddressProblem(text));
    }

    /// <summary>Null when the label is acceptable, else what is wrong with it.</summary>
    public static string? CheckLabel(string label)
    {
        if (label.Length > MaxLabelLength)
            return $"The label is {label.Length} characters long; at most {MaxLabelLength} are allowed.";
        if (!LabelPattern().IsMatch(label))
            return $"The label \"{Shorten(label)}\" may use only letters, digits, spaces and - _ . (starting with a letter or digit).";
        if (LooksLikeAddress(label))
            return "A label cannot look like an address (0x…).";
        return null;
    }

    private static bool LooksLikeAddress(string text) => text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !text.Contains(' ');

    private static string AddressProblem(string text)
    {
        try { Address.Parse(text); }
        catch (FormatException ex) { return ex.Message; }
        return $"\"{Shorten(text)}\" is not a valid address.";
    }

    /// <summary>Null with <paramref name="chain"/> set when the word names an enabled chain; an error when it names a known but disabled one.</summary>
    private static string? CheckChain(string word, IReadOnlyList<string> enabled, IReadOnlyCollection<string> known, out string? chain)
    {
        chain = enabled.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase));
        if (chain is not null) return null;
        return known.Any(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase))
            ? $"Chain \"{word.ToLowerInvariant()}\" is not enabled in this deployment; enabled: {string.Join(", ", enabled)}."
            : null;
    }

    /// <summary>A chain name at most two edits away (a likely typo), or null.</summary>
    private static string? NearestChain(string word, IReadOnlyCollection<string> known)
    {
        var lower = word.ToLowerInvariant();
        return known.Select(c => (Chain: c, Distance: EditDistance(lower, c.ToLowerInvariant()))).Where(x => x.Distance <= 2 && x.Distance < x.Chain.Length / 2 + 1)
            .OrderBy(x => x.Distance).Select(x => x.Chain).FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static string Shorten(string s) => Chat.ChatText.Shorten(s, 70);

    [GeneratedRegex("^0x[0-9a-fA-F]{64}$")]
    private static partial Regex TxHashPattern();

    [GeneratedRegex(@"^[\p{L}\p{Nd}][\p{L}\p{Nd} ._-]*$")]
    private static partial Regex LabelPattern();
}

using System.Globalization;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

/// <summary>
/// Turns a message text into a typed command, checking syntax only (which assets exist, balances and risk come later).
/// Accepts <c>/cmd@botname</c>, any mix of spaces, tabs and newlines between arguments, and command names in any case.
/// </summary>
public static class CommandParser
{
    public const int MaxSymbolLength = 15;
    public const int MaxFractionDigits = 18;
    public const int MaxIntegerDigits = 15;
    public const int MaxSignificantDigits = 28;
    public const int MaxReasonLength = 200;
    public const int MaxHistoryCount = 50;
    public const int DefaultHistoryCount = 10;

    private const int MaxCommandNameLength = 32;

    /// <param name="text">The message text.</param>
    /// <param name="botUsername">The bot's own username (without @); when null, any @suffix is accepted.</param>
    public static ParseOutcome Parse(string? text, string? botUsername = null)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed[0] != '/')
            return new ParseError(null, "That is not a command. Commands start with /; send /help for the list.");

        var tokenEnd = 0;
        while (tokenEnd < trimmed.Length && !char.IsWhiteSpace(trimmed[tokenEnd])) tokenEnd++;
        var token = trimmed[1..tokenEnd];
        var rest = trimmed[tokenEnd..].Trim();

        var at = token.IndexOf('@');
        var name = at < 0 ? token : token[..at];
        if (at >= 0)
        {
            var target = token[(at + 1)..];
            if (target.Length == 0)
                return new ParseError(null, $"\"/{Shorten(token)}\" names no bot after the @.");
            if (botUsername is not null && !target.Equals(botUsername.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
                return new AddressedToAnotherBot(target);
        }
        if (name.Length == 0)
            return new ParseError(null, "A lone / is not a command; send /help for the list.");
        if (name.Length > MaxCommandNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return new ParseError(null, $"\"/{Shorten(name)}\" is not a command name (letters, digits and _ only); send /help for the list.");

        name = name.ToLowerInvariant();
        var info = CommandCatalog.Find(name);
        if (info is null)
            return new ParseError(null, $"Unknown command /{name}. Send /help for the commands you may use.");

        var args = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return new ParsedCommand(Build(info, args, rest));
        }
        catch (ArgumentSyntaxException ex)
        {
            return new ParseError(name, $"/{name}: {ex.Message}\nUsage: {info.Usage}");
        }
    }

    private static ChatCommand Build(CommandInfo info, string[] args, string rest) => info.Name switch
    {
        "start" => NoArguments(args, new StartCommand()),
        "help" => NoArguments(args, new HelpCommand()),
        // The watcher validates its own arguments (addresses, chains, labels, hashes) and answers with what is wrong.
        "watch" or "unwatch" or "watches" or "tx" => new WatcherCommand(info.Name, args),
        "price" => Exactly(args, 1, () => new PriceCommand(Asset(args[0], "the token"))),
        "quote" => Exactly(args, 3, () => new QuoteCommand(Amount(args[0], "the amount", MaxFractionDigits), Asset(args[1], "FROM"), Asset(args[2], "TO"))),
        "buy" => BuyOf(args),
        "sell" => Exactly(args, 2, () => SellOf(args)),
        "swap" => Exactly(args, 3, () => SwapOf(args)),
        "status" => AtMost(args, 1, () => new StatusCommand(args.Length == 0 ? new TradeLookup(null, null) : Lookup(args[0]))),
        "positions" => NoArguments(args, new PositionsCommand()),
        "balance" => AtMost(args, 1, () => new BalanceCommand(args.Length == 0 ? null : Asset(args[0], "the token"))),
        "pnl" => AtMost(args, 1, () => new PnlCommand(args.Length == 0 ? PnlPeriod.Day : Period(args[0]))),
        "history" => AtMost(args, 1, () => args.Length == 0 ? new HistoryCommand(DefaultHistoryCount) : HistoryOf(args[0])),
        "cancel" => Exactly(args, 1, () => new CancelCommand(TradeId(args[0]))),
        "emergency_stop" => new EmergencyStopCommand(Reason(rest)),
        "emergency_resume" => NoArguments(args, new EmergencyResumeCommand()),
        "maintenance_mode" => AtMost(args, 1, () => new MaintenanceModeCommand(args.Length == 0 ? null : OnOff(args[0]))),
        "execution_mode" => AtMost(args, 1, () => new ExecutionModeCommand(args.Length == 0 ? null : Mode(args[0]))),
        "system_status" => NoArguments(args, new SystemStatusCommand()),
        "risk_summary" => NoArguments(args, new RiskSummaryCommand()),
        "rate_limits" => NoArguments(args, new RateLimitsCommand()),
        "price_feeds" => NoArguments(args, new PriceFeedsCommand()),
        "config" => NoArguments(args, new ConfigCommand()),
        _ => throw new InvalidOperationException($"/{info.Name} is in the catalog but the parser does not know it."),
    };

    private static SwapCommand SwapOf(string[] args)
    {
        var swap = new SwapCommand(Amount(args[0], "the amount", MaxFractionDigits), Asset(args[1], "FROM"), Asset(args[2], "TO"));
        if (swap.From.Display.Equals(swap.To.Display, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentSyntaxException($"FROM and TO are both {swap.From.Display}; a swap needs two different tokens.");
        return swap;
    }

    /// <summary>
    /// <c>AMOUNT SYMBOL [with TOKEN]</c>; the amount and the symbol may come in either order (the old
    /// <c>SYMBOL AMOUNT</c> form), told apart by which of the two is a number.
    /// </summary>
    private static BuyCommand BuyOf(string[] args)
    {
        if (args.Length < 2)
            throw new ArgumentSyntaxException($"needs an amount and a token, but got {Plural(args.Length, "argument")}.");
        if (args.Length > 4)
            throw new ArgumentSyntaxException($"takes at most 4 arguments (AMOUNT SYMBOL with TOKEN), but got {args.Length}.");
        var (amount, symbol) = AmountAndToken(args[0], args[1], allowAll: false);
        var buy = new BuyCommand(Asset(symbol, "the token to buy"), Amount(amount, "the amount", MaxFractionDigits));
        if (args.Length == 2) return buy;
        if (!args[2].Equals("with", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentSyntaxException($"expected \"with TOKEN\" after the amount and the token, but got \"{Shorten(args[2])}\".");
        if (args.Length == 3)
            throw new ArgumentSyntaxException("\"with\" needs the token to pay with after it.");
        var payWith = Asset(args[3], "the token to pay with");
        if (payWith.Display.Equals(buy.Asset.Display, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentSyntaxException($"{buy.Asset.Display} cannot pay for itself; name a different token after \"with\".");
        return buy with { PayWith = payWith };
    }

    /// <summary><c>AMOUNT|all SYMBOL</c>, or the old <c>SYMBOL AMOUNT|all</c>.</summary>
    private static SellCommand SellOf(string[] args)
    {
        var (amount, symbol) = AmountAndToken(args[0], args[1], allowAll: true);
        return new SellCommand(Asset(symbol, "the token to sell"),
            IsAll(amount) ? null : Amount(amount, "the amount", MaxFractionDigits));
    }

    /// <summary>
    /// Which of two words is the amount and which the token. A word that is a plain number (or "all", when allowed) is
    /// the amount; when neither is, the one written like a (malformed) number is, so its error names what is wrong with it.
    /// </summary>
    private static (string Amount, string Token) AmountAndToken(string first, string second, bool allowAll)
    {
        bool IsAmount(string word) => IsPlainNumber(word) || (allowAll && IsAll(word));
        var (firstIs, secondIs) = (IsAmount(first), IsAmount(second));
        if (firstIs && secondIs)
            throw new ArgumentSyntaxException($"\"{Shorten(first)}\" and \"{Shorten(second)}\" are both amounts; name the token by its symbol or address.");
        if (firstIs) return (first, second);
        if (secondIs) return (second, first);
        var (firstLooks, secondLooks) = (LooksNumeric(first), LooksNumeric(second));
        if (firstLooks && !secondLooks) return (first, second);
        if (secondLooks && !firstLooks) return (second, first);
        throw new ArgumentSyntaxException($"needs an amount{(allowAll ? " (or all)" : "")} and a token, but neither \"{Shorten(first)}\" nor \"{Shorten(second)}\" is an amount; write it like 25 or 0.5.");
    }

    private static bool IsAll(string word) => word.Equals("all", StringComparison.OrdinalIgnoreCase);

    /// <summary>Digits with at most one dot between digits: what <see cref="Amount"/> reads (its limits aside).</summary>
    private static bool IsPlainNumber(string word)
    {
        var (integerPart, fractionPart) = SplitAtDot(word);
        return integerPart.Length > 0 && integerPart.All(char.IsAsciiDigit)
            && (fractionPart is null || (fractionPart.Length > 0 && fractionPart.All(char.IsAsciiDigit)));
    }

    /// <summary>The text before the first dot, and after it (null when there is no dot).</summary>
    private static (string Integer, string? Fraction) SplitAtDot(string word)
    {
        var dot = word.IndexOf('.');
        return dot < 0 ? (word, null) : (word[..dot], word[(dot + 1)..]);
    }

    /// <summary>Written like a number, if not a valid one: a digit and only digits, signs, dots, commas and exponents (-5, 1,5, 1e5, .5).</summary>
    private static bool LooksNumeric(string word) =>
        word.Any(char.IsAsciiDigit) && word.All(c => char.IsAsciiDigit(c) || c is '.' or ',' or '-' or '+' or 'e' or 'E');

    /// <summary>A plain number is a count; anything else a trade id or transaction hash, as /status takes it.</summary>
    private static HistoryCommand HistoryOf(string text)
    {
        if (text.All(char.IsAsciiDigit)) return new HistoryCommand(Count(text));
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return new HistoryCommand(DefaultHistoryCount, Lookup(text));
        try
        {
            return new HistoryCommand(DefaultHistoryCount, new TradeLookup(TradeId(text), null));
        }
        catch (ArgumentSyntaxException)
        {
            throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is neither a count from 1 to {MaxHistoryCount} nor a trade id (3-40 letters, digits, _ or -, as the bot showed it).");
        }
    }

    private static T NoArguments<T>(string[] args, T command) =>
        args.Length == 0 ? command : throw new ArgumentSyntaxException($"takes no arguments, but got {args.Length}.");

    private static T Exactly<T>(string[] args, int count, Func<T> build) => args.Length == count
        ? build()
        : throw new ArgumentSyntaxException($"needs {Plural(count, "argument")}, but got {args.Length}.");

    private static T AtMost<T>(string[] args, int count, Func<T> build) => args.Length <= count
        ? build()
        : throw new ArgumentSyntaxException($"takes at most {Plural(count, "argument")}, but got {args.Length}.");

    /// <summary>A positive decimal written with digits and at most one dot: no sign, exponent, grouping or comma.</summary>
    public static decimal Amount(string text, string what, int maxFractionDigits)
    {
        var shown = Shorten(text);
        if (text.Contains(','))
            throw new ArgumentSyntaxException($"{what} \"{shown}\" has a comma; write decimals with a dot and no thousands separators, like 1234.5.");
        if (!IsPlainNumber(text))
            throw new ArgumentSyntaxException($"{what} \"{shown}\" is not a number; write it like 25 or 0.5.");
        var (integerPart, fraction) = SplitAtDot(text);
        var fractionPart = fraction ?? "";
        var significantInteger = integerPart.TrimStart('0').Length;
        if (significantInteger > MaxIntegerDigits)
            throw new ArgumentSyntaxException($"{what} \"{shown}\" is too large: at most {MaxIntegerDigits} digits before the dot.");
        if (fractionPart.Length > maxFractionDigits)
            throw new ArgumentSyntaxException($"{what} \"{shown}\" has {fractionPart.Length} decimal places; at most {maxFractionDigits} are allowed.");
        // decimal holds 28 significant digits exactly; refuse anything it would round rather than trade a different amount.
        if ((integerPart + fractionPart).TrimStart('0').Length > MaxSignificantDigits)
            throw new ArgumentSyntaxException($"{what} \"{shown}\" has more than {MaxSignificantDigits} significant digits.");
        var value = decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value == 0)
            throw new ArgumentSyntaxException($"{what} must be greater than zero.");
        return value;
    }

    /// <summary>A symbol (1-15 of A-Z a-z 0-9 / -, starting with a letter or digit) or a 0x token address.</summary>
    public static AssetRef Asset(string text, string what)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return new AddressAsset(TokenAddress(text, what));
        if (text.Length > MaxSymbolLength)
            throw new ArgumentSyntaxException($"{what} \"{Shorten(text)}\" is {text.Length} characters; a symbol has at most {MaxSymbolLength}.");
        // Whole characters, never half a surrogate pair; a look-alike letter (Cyrillic Е in ЕТН) is named as such.
        if (Chat.ChatText.FirstNot(text, r => r.IsAscii && (char.IsAsciiLetterOrDigit((char)r.Value) || r.Value is '/' or '-')) is { } bad)
            throw new ArgumentSyntaxException($"{what} \"{Shorten(text)}\" contains {Chat.ChatText.Describe(bad)}; a symbol is Latin letters, digits, / and - only.");
        if (!char.IsAsciiLetterOrDigit(text[0]))
            throw new ArgumentSyntaxException($"{what} \"{text}\" must start with a letter or digit.");
        return new SymbolAsset(text.ToUpperInvariant());
    }

    /// <summary>0x followed by 40 hex digits; mixed case must be a correct EIP-55 checksum.</summary>
    public static Address TokenAddress(string text, string what)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal))
            throw new ArgumentSyntaxException($"{what} \"{Shorten(text)}\" must start with a lower-case 0x.");
        try
        {
            return Evm.Address.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentSyntaxException($"{what}: {ex.Message}");
        }
    }

    /// <summary>0x followed by 64 hex digits, returned in lower case.</summary>
    public static string TransactionHash(string text)
    {
        var digits = text.Length >= 2 ? text[2..] : "";
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || digits.Length != 64)
            throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is not a transaction hash: that is 0x followed by 64 hex digits (got {digits.Length}).");
        var bad = IndexOfNonHex(digits);
        if (bad >= 0)
            throw new ArgumentSyntaxException($"transaction hash \"{Shorten(text)}\" has a non-hex character '{digits[bad]}' at digit {bad + 1}.");
        return "0x" + digits.ToLowerInvariant();
    }

    /// <summary>A trade id as the bot shows it: 3-40 of A-Z a-z 0-9 _ -, starting with a letter or digit.</summary>
    public static string TradeId(string text)
    {
        if (!IsTradeId(text))
            throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is not a trade id: use the id the bot showed (3-40 letters, digits, _ or -).");
        return text;
    }

    public static bool IsTradeId(string text) =>
        text.Length is >= 3 and <= 40 && char.IsAsciiLetterOrDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static TradeLookup Lookup(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? new TradeLookup(null, TransactionHash(text)) : new TradeLookup(TradeId(text), null);

    private static PnlPeriod Period(string text) => text.ToLowerInvariant() switch
    {
        "day" or "today" => PnlPeriod.Day,
        "week" => PnlPeriod.Week,
        "month" => PnlPeriod.Month,
        "all" => PnlPeriod.All,
        _ => throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is not a period; use day, week, month or all."),
    };

    private static int Count(string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxHistoryCount)
            throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is not a count from 1 to {MaxHistoryCount}.");
        return count;
    }

    private static bool OnOff(string text) => text.ToLowerInvariant() switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is neither on nor off."),
    };

    private static ExecutionMode Mode(string text) => ExecutionModes.TryParse(text, out var mode)
        ? mode
        : throw new ArgumentSyntaxException($"\"{Shorten(text)}\" is not an execution mode; use DRY_RUN, PAPER or LIVE.");

    private static string? Reason(string rest)
    {
        if (rest.Length == 0) return null;
        if (rest.Length > MaxReasonLength)
            throw new ArgumentSyntaxException($"the reason is {rest.Length} characters; at most {MaxReasonLength} are kept.");
        return rest;
    }

    private static int IndexOfNonHex(string digits)
    {
        for (var i = 0; i < digits.Length; i++)
            if (!char.IsAsciiHexDigit(digits[i])) return i;
        return -1;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Shorten(string text) => Chat.ChatText.Shorten(text, 70);
}

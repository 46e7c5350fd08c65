using System.Globalization;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace ChainTrader.Core.Evm.Abi;

/// <summary>Why a call or transaction reverted, decoded from its revert data, with a message for people.</summary>
public sealed class RevertReason
{
    /// <summary><c>Error(string)</c>, selector 0x08c379a0.</summary>
    public static ErrorABI ErrorString { get; } = AbiDeclarations.Error("Error(string message)");

    /// <summary><c>Panic(uint256)</c>, selector 0x4e487b71.</summary>
    public static ErrorABI PanicError { get; } = AbiDeclarations.Error("Panic(uint256 code)");

    private readonly byte[] _data;

    private RevertReason(RevertKind kind, string message, ReadOnlySpan<byte> data)
    {
        Kind = kind;
        Message = message;
        _data = data.ToArray();
    }

    public RevertKind Kind { get; }

    /// <summary>A one-line explanation, e.g. "Reverted: UniswapV2Router: EXPIRED" or "Panic 0x11: arithmetic underflow or overflow".</summary>
    public string Message { get; }

    /// <summary>The text of an <c>Error(string)</c> revert.</summary>
    public string? ErrorMessage { get; private init; }

    public BigInteger? PanicCode { get; private init; }

    public ErrorABI? CustomError { get; private init; }

    /// <summary>Arguments of a custom error.</summary>
    public IReadOnlyList<ParameterOutput>? Arguments { get; private init; }

    public byte[] Data => (byte[])_data.Clone();

    public override string ToString() => Message;

    /// <summary>
    /// Decodes revert data with Nethereum; never throws for malformed data (that is reported as <see cref="RevertKind.Unrecognized"/>).
    /// Arguments must be their canonical encoding: a truncated or padded body is malformed, not a shorter message.
    /// </summary>
    public static RevertReason Decode(ReadOnlySpan<byte> data, IEnumerable<ErrorABI>? customErrors = null)
    {
        if (data.IsEmpty)
            return new RevertReason(RevertKind.Empty, "Reverted without a reason (no revert data).", data);
        try
        {
            if (Matches(ErrorString, data))
            {
                var text = DecodeArguments(ErrorString, data).Get<string>(0);
                return new RevertReason(RevertKind.Error, "Reverted: " + text, data) { ErrorMessage = text };
            }
            if (Matches(PanicError, data))
            {
                var code = DecodeArguments(PanicError, data).Get<BigInteger>(0);
                return new RevertReason(RevertKind.Panic, $"Panic {PanicCodeText(code)}: {DescribePanic(code)}.", data)
                {
                    PanicCode = code,
                };
            }
            foreach (var error in customErrors ?? [])
            {
                if (!Matches(error, data))
                    continue;
                var arguments = DecodeArguments(error, data);
                return new RevertReason(RevertKind.CustomError, $"Reverted with custom error {error.Name}({AbiDeclarations.Describe(arguments)}).", data)
                {
                    CustomError = error,
                    Arguments = arguments,
                };
            }
        }
        catch (FormatException e)
        {
            return new RevertReason(RevertKind.Unrecognized, $"Reverted with malformed error data {Preview(data)}: {e.Message}", data);
        }
        return new RevertReason(RevertKind.Unrecognized, $"Reverted with unrecognized data {Preview(data)}.", data);
    }

    private static bool Matches(ErrorABI error, ReadOnlySpan<byte> data)
        => data.Length >= 4 && Hex.Encode(data[..4]) == error.SelectorHex();

    private static IReadOnlyList<ParameterOutput> DecodeArguments(ErrorABI error, ReadOnlySpan<byte> data)
    {
        try
        {
            return AbiDeclarations.DecodeCanonical(error.InputParameters, data[4..].ToArray());
        }
        catch (FormatException e)
        {
            throw new FormatException($"{error.Name} arguments: {e.Message}", e);
        }
    }

    /// <summary>The meaning of the compiler's panic codes (Solidity's libsolutil/ErrorCodes.h).</summary>
    public static string DescribePanic(BigInteger code) => (int)BigInteger.Min(code, int.MaxValue) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assertion failed",
        0x11 => "arithmetic underflow or overflow",
        0x12 => "division or modulo by zero",
        0x21 => "conversion to an enum from an out-of-range value",
        0x22 => "incorrectly encoded storage byte array",
        0x31 => "pop() on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory (allocation or array too large)",
        0x51 => "call to a zero-initialized internal function",
        _ => "unknown panic code",
    };

    /// <summary>"0x11", "0x01": how Solidity documents the codes (BigInteger's hex adds a sign digit, hence the trim).</summary>
    private static string PanicCodeText(BigInteger code)
        => "0x" + code.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(2, '0');

    private static string Preview(ReadOnlySpan<byte> data)
        => data.Length <= 68 ? Hex.Encode(data) : $"{Hex.Encode(data[..68])}... ({data.Length} bytes)";
}

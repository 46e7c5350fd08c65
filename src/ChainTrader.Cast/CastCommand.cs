using System.Security.Cryptography;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.Util;

namespace ChainTrader.Cast;

/// <summary>
/// Entry point of ct-cast. Exit codes: 0 success, 1 bad input (the message says what and where), 2 usage error.
/// Private keys are read from arguments, the JSON input or CT_PRIVATE_KEY, and never printed.
/// </summary>
public static class CastCommand
{
    public const string PrivateKeyVariable = "CT_PRIVATE_KEY";

    public const string Usage = """
        usage: ct-cast <command> [arguments]

          keccak <0x-hex | text>        Keccak-256 of the bytes (0x-prefixed input) or of the UTF-8 text
          address [private-key-hex]     address of a private key; without an argument reads $CT_PRIVATE_KEY
          sign-tx <json-file | ->       sign the transaction described in JSON (file or stdin); prints raw, hash, from
                                        fields: key (or $CT_PRIVATE_KEY), chainId, type 0|1|2 (default 2), nonce, gas,
                                        gasPrice (types 0, 1) or maxFeePerGas + maxPriorityFeePerGas (type 2),
                                        to (omit for contract creation), value, data, accessList (types 1, 2)
          decode-tx <raw-hex>           decode a raw signed transaction to JSON, including the recovered sender
          abi-encode <signature> <args...>
                                        calldata for a call, e.g. abi-encode "transfer(address,uint256)" 0x70..C8 5
                                        (integers decimal or 0x-hex, arrays [a,b], tuples (a,b))
          abi-decode <types | signature> <hex>
                                        decode ABI data as "(uint256,address)", or calldata of "transfer(address,uint256)"

        exit codes: 0 ok, 1 bad input, 2 usage error
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        => Run(args, Console.In, stdout, stderr, Environment.GetEnvironmentVariable);

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            if (args.Length == 0)
                throw new UsageException("no command given.");
            var rest = args[1..];
            switch (args[0])
            {
                case "keccak":
                    stdout.WriteLine(Hex.Encode(Sha3Keccack.Current.CalculateHash(ParseBytesOrText(Single(rest, "keccak <0x-hex | text>")))));
                    break;
                case "address":
                    stdout.WriteLine(ResolveKey(rest, environment).Address);
                    break;
                case "sign-tx":
                    SignTransaction(ReadInput(Single(rest, "sign-tx <json-file | ->"), stdin), environment, stdout);
                    break;
                case "decode-tx":
                    TransactionJson.WriteDecoded(RawTransaction.Decode(Single(rest, "decode-tx <raw-hex>")), stdout);
                    break;
                case "abi-encode":
                    AbiCommands.Encode(rest, stdout);
                    break;
                case "abi-decode":
                    AbiCommands.Decode(rest, stdout);
                    break;
                case "help" or "--help" or "-h":
                    stdout.WriteLine(Usage);
                    break;
                default:
                    throw new UsageException($"unknown command '{args[0]}'.");
            }
            return 0;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            stderr.WriteLine(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or JsonException or InvalidOperationException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static string Single(string[] rest, string form)
        => rest.Length == 1 ? rest[0] : throw new UsageException($"expected exactly one argument: {form}.");

    /// <summary>0x-prefixed input is hex (and must be valid hex); anything else is hashed as UTF-8 text, like cast keccak.</summary>
    private static byte[] ParseBytesOrText(string input)
        => input.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Hex.Decode(input) : System.Text.Encoding.UTF8.GetBytes(input);

    private static PrivateKey ResolveKey(string[] rest, Func<string, string?> environment)
    {
        if (rest.Length > 1)
            throw new UsageException("expected at most one argument: address [private-key-hex].");
        if (rest.Length == 1)
            return PrivateKey.FromHex(rest[0]);
        var fromEnvironment = environment(PrivateKeyVariable);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
            throw new UsageException($"no private key: pass it as an argument or set {PrivateKeyVariable} (keeps it out of shell history).");
        return PrivateKey.FromHex(fromEnvironment);
    }

    private static string ReadInput(string source, TextReader stdin)
    {
        if (source == "-")
            return stdin.ReadToEnd();
        if (!File.Exists(source))
            throw new FileNotFoundException($"Transaction file '{source}' does not exist.");
        return File.ReadAllText(source);
    }

    private static void SignTransaction(string json, Func<string, string?> environment, TextWriter stdout)
    {
        var request = TransactionJson.ParseRequest(json);
        var keyHex = request.KeyHex ?? environment(PrivateKeyVariable);
        if (string.IsNullOrWhiteSpace(keyHex))
            throw new FormatException($"The transaction JSON has no \"key\" and {PrivateKeyVariable} is not set.");
        var signed = PrivateKey.FromHex(keyHex).Sign(request.Transaction);
        stdout.WriteLine($"raw  {signed.ToRawHex()}");
        stdout.WriteLine($"hash {signed.HashHex}");
        stdout.WriteLine($"from {signed.RecoverSender()}");
    }
}

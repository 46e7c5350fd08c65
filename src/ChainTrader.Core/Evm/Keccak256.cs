using Org.BouncyCastle.Crypto.Digests;

namespace ChainTrader.Core.Evm;

/// <summary>Keccak-256 with the original Keccak padding (Ethereum's hash), not NIST SHA3-256.</summary>
public static class Keccak256
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        var input = data.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    public static byte[] Hash(string utf8Text) => Hash(System.Text.Encoding.UTF8.GetBytes(utf8Text));
}
